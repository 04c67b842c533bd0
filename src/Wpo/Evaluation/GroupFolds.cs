namespace Wpo.Evaluation;

/// <summary>
/// scikit-learn's <c>GroupKFold</c> (1.2) on groups of equal size, as AlpacaEval's GLM fit uses it (every annotation
/// is one group of its two duplicated rows): the groups in the order of numpy's <c>argsort</c> of their equal sizes,
/// reversed, each put in the lightest fold, so the k-th of that order goes to fold k mod n_splits.
/// </summary>
public static class GroupFolds
{
    /// <summary>The fold of each of <paramref name="groups"/> groups.</summary>
    public static int[] Assign(int groups, int splits)
    {
        if (groups < splits) throw new WpoException($"{groups} annotations with a preference: the GLM's {splits}-fold cross-validation needs at least {splits}");
        var order = ArgsortOfEqualKeys(groups);
        var fold = new int[groups];
        for (int k = 0; k < groups; k++) fold[order[groups - 1 - k]] = k % splits;
        return fold;
    }

    /// <summary>
    /// The permutation numpy 1.24's default argsort (introsort: median-of-three quicksort down to partitions of 16,
    /// then insertion sort) returns for <paramref name="count"/> equal keys: no comparison succeeds, so only its swaps
    /// move the indices (checked against numpy for every size below 4,000).
    /// </summary>
    public static int[] ArgsortOfEqualKeys(int count)
    {
        var t = Enumerable.Range(0, count).ToArray();
        var stack = new Stack<(int, int)>();
        int left = 0, right = count - 1;
        while (true)
        {
            while (right - left > 15)
            {
                int middle = left + ((right - left) >> 1), i = left, j = right - 1;
                (t[middle], t[j]) = (t[j], t[middle]);
                while (++i < --j) (t[i], t[j]) = (t[j], t[i]);
                (t[i], t[right - 1]) = (t[right - 1], t[i]);
                if (i - left < right - i) { stack.Push((i + 1, right)); right = i - 1; }
                else { stack.Push((left, i - 1)); left = i + 1; }
            }
            if (stack.Count == 0) return t;
            (left, right) = stack.Pop();
        }
    }
}
