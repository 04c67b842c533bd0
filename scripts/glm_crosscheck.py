#!/usr/bin/python3
"""Cross-check of Wpo's length-controlled GLM fit against scikit-learn.

Drives sklearn's LogisticRegressionCV exactly as AlpacaEval's metrics/glm_winrate.py (length_controlled_v1) does:
soft labels as duplicated rows (label 1 weighted p, label 0 weighted 1 - p, times the sample weight), L1 penalty,
liblinear, no intercept, random_state 123, Cs = 10, GroupKFold(5) over the annotations, scored with AlpacaEval's
logloss_continuous, refit at the best C. Each case is recorded twice: `expected` with AlpacaEval's settings
(sklearn's default tol 1e-4, max_iter 100) and `converged` with liblinear run to tol 1e-10, the exact optimum. The featurisation (tanh of the length difference standardised by its sample
std, difficulty, not_gamed_baseline) is rebuilt with numpy as AlpacaEval builds it with pandas and patsy.
Debian's scikit-learn 1.2 has no metadata routing, so the folds are given as a list (made by GroupKFold with the
groups) and the scorer finds the true probabilities of its fold's rows from the fold's test rows.

Writes tests/Wpo.Tests/Evaluation/Fixtures/glm_crosscheck.json. Run from the repository root:
    /usr/bin/python3 scripts/glm_crosscheck.py
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import GroupKFold

SHARED = "../shared/data/alpaca_eval"
OUT = "tests/Wpo.Tests/Evaluation/Fixtures/glm_crosscheck.json"
LAMBDA = 0.2
CONVERGED = 1e-10  # liblinear run to convergence: AlpacaEval's tol 1e-4 stops early enough to move the weights ~1e-3


def read_difficulty(path):
    lines = open(path).read().split("\n")[1:]
    return [float(line.split(",")[1]) for line in lines if line]


def featurize(len_1, len_2, preference, difficulty, gamed):
    """AlpacaEval's _get_featurized_data: the training rows (gamed ones first), the test rows and the sample weights."""
    delta = np.array(len_1, float) - np.array(len_2, float)
    std_delta_len = delta / delta.std(ddof=1)
    pref = np.array([np.nan if p is None else (1.5 if p == 0 else p) for p in preference], float) - 1
    diff = np.array([difficulty[i] for i in range(len(len_1))], float)
    x_model = np.column_stack([np.tanh(std_delta_len), diff, np.ones(len(diff))])
    x_test = np.column_stack([np.zeros(len(diff)), diff, np.ones(len(diff))])
    if gamed is None:
        return x_model, pref, None, x_test
    x_gamed = np.column_stack([np.tanh(gamed["std_delta_len"]), gamed["instruction_difficulty"], np.zeros(len(gamed["preference"]))])
    x = np.vstack([x_gamed, x_model])
    y = np.concatenate([np.array([np.nan if p is None else p for p in gamed["preference"]], float), pref])
    weight = np.concatenate([np.full(len(x_gamed), LAMBDA / 2), np.ones(len(x_model))])
    return x, y, weight, x_test


def fit(x, p, weight, tol):
    """AlpacaEval's fit_LogisticRegressionCV(is_ytrue_proba=True, n_splits=5) on the rows with a preference."""
    keep = ~np.isnan(p)
    x, p = x[keep], p[keep]
    weight = None if weight is None else weight[keep]
    n = len(p)
    groups = np.concatenate([np.arange(n), np.arange(n)])
    x_dup = np.vstack([x, x])
    y_dup = np.concatenate([np.ones(n, int), np.zeros(n, int)])
    true_prob = np.concatenate([p, 1 - p])
    true_weight = None if weight is None else np.concatenate([weight, weight])
    sample_weight = true_prob if weight is None else true_prob * true_weight
    folds = list(GroupKFold(n_splits=5).split(x_dup, y_dup, groups))

    def scorer(estimator, x_test, y_test):
        test = next(t for _, t in folds if len(t) == len(x_test) and np.array_equal(x_dup[t], x_test))
        y_pred = np.clip(estimator.predict_proba(x_test)[:, 1], 1e-15, 1 - 1e-15)
        y_true = np.where(y_test == 1, true_prob[test], 1 - true_prob[test])
        losses = y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)
        if true_weight is not None:
            losses = losses * true_weight[test]
        return np.mean(losses)  # make_scorer(logloss_continuous, greater_is_better=False) = -logloss

    model = LogisticRegressionCV(cv=folds, scoring=scorer, random_state=123, dual=False, penalty="l1",
                                 solver="liblinear", n_jobs=None, fit_intercept=False,
                                 tol=tol, max_iter=100 if tol == 1e-4 else 100000)
    model.fit(x_dup, y_dup, sample_weight=sample_weight)
    fold_of_group = np.zeros(n, int)
    for k, (_, test) in enumerate(folds):
        fold_of_group[test[test < n]] = k
    return model, fold_of_group


def case(name, annotations, difficulty, gamed, tol=1e-4):
    len_1 = [len(a["output_1"]) if "output_1" in a else a["len_1"] for a in annotations]
    len_2 = [len(a["output_2"]) if "output_2" in a else a["len_2"] for a in annotations]
    preference = [a["preference"] for a in annotations]
    expected = {}
    if annotations[0]["generator_1"] == annotations[0]["generator_2"]:
        pred = np.array([0.5 for p in preference if p is not None])
        expected.update(C=None, weights=[0.0, 0.0, 0.0], cv_scores=None, folds=None)
    else:
        x, p, weight, x_test = featurize(len_1, len_2, preference, difficulty, gamed)
        model, folds = fit(x, p, weight, tol)
        pred = model.predict_proba(x_test)[:, 1]
        scores = model.scores_[1]
        expected.update(C=float(model.C_[0]), Cs=[float(c) for c in model.Cs_], weights=[float(w) for w in model.coef_[0]],
                        cv_scores=[[float(s) for s in fold] for fold in scores], folds=[int(f) for f in folds])
    expected["lc"] = float(pred.mean() * 100)
    expected["lc_standard_error"] = float(pred.std(ddof=1) / np.sqrt(len(pred)) * 100)
    print(f"{name} (tol {tol}): C={expected['C']} weights={expected['weights']} LC={expected['lc']:.4f} ± {expected['lc_standard_error']:.4f}", file=sys.stderr)
    return expected


def synthetic(rng, n, model="model", baseline="baseline", ties=0.0, zeros=0.0, missing=0.0, weighted=True):
    diff = rng.normal(0, 1, n)
    len_1 = rng.integers(50, 2000, n)
    len_2 = rng.integers(50, 3000, n)
    z = 0.4 + 0.8 * np.tanh((len_1 - len_2) / 800.0) * -1 + 0.5 * diff
    prob = 1 / (1 + np.exp(-z))
    rows = []
    for i in range(n):
        u = rng.random()
        if u < missing:
            pref = None
        elif u < missing + zeros:
            pref = 0.0
        elif u < missing + zeros + ties:
            pref = 1.5
        else:
            pref = float(1 + (prob[i] if weighted else rng.random() < prob[i]))
        rows.append(dict(len_1=int(len_1[i]), len_2=int(len_2[i]), preference=pref, generator_1=baseline, generator_2=model))
    return rows, [float(d) for d in diff]


def gamed_table(rng, difficulty, n_models=2):
    n = len(difficulty)
    rows = dict(preference=[], std_delta_len=[], instruction_difficulty=[], model=[], index=[])
    for m in range(n_models):
        std = rng.normal(0, 1, n)
        pref = 1 / (1 + np.exp(-(0.9 * np.tanh(std) * -1 + 0.3 * np.array(difficulty))))
        for i in range(n):
            rows["preference"].append(None if rng.random() < 0.01 else float(pref[i]))
            rows["std_delta_len"].append(float(std[i]))
            rows["instruction_difficulty"].append(float(difficulty[i]))
            rows["model"].append(f"gamed_{m}")
            rows["index"].append(i)
    return rows


def main():
    rng = np.random.default_rng(20240607)
    approx = read_difficulty(f"{SHARED}/derived/instruction_difficulty_approx.csv")
    cases = []
    for model in ["alpaca-7b", "gpt-3.5-turbo-1106"]:
        path = f"alpaca_eval/results/{model}/weighted_alpaca_eval_gpt4_turbo/annotations.json"
        annotations = json.load(open(f"../shared/data/{path}"))
        for gamed in [None, gamed_table(rng, approx)]:
            cases.append(dict(name=f"{model}{'' if gamed is None else ' + gamed'}", annotations_file=path,
                              difficulty="approx", gamed=gamed, expected=case(model, annotations, approx, gamed),
                              converged=case(model, annotations, approx, gamed, CONVERGED)))
    specs = [
        ("synthetic weighted", dict()),
        ("synthetic ties and zeros", dict(ties=0.15, zeros=0.15)),
        ("synthetic missing preferences", dict(missing=0.1, zeros=0.05)),
        ("synthetic discrete judge", dict(weighted=False, ties=0.05)),
        ("synthetic model equal to the baseline", dict(model="baseline", missing=0.05)),
    ]
    for name, spec in specs:
        rows, diff = synthetic(rng, 300, **spec)
        for gamed in [None, gamed_table(rng, diff)] if "equal" not in name else [None]:
            cases.append(dict(name=name + ("" if gamed is None else " + gamed"), annotations=rows, difficulty=diff,
                              gamed=gamed, expected=case(name, rows, diff, gamed),
                              converged=case(name, rows, diff, gamed, CONVERGED)))
    fixture = dict(produced_by=f"scripts/glm_crosscheck.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
                   regularize_to_baseline_lambda=LAMBDA, cases=cases)
    with open(OUT, "w") as f:
        json.dump(fixture, f)
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
