using Wpo.Cli;
using Wpo.Cli.Commands;

return CommandRunner.Run(WpoCommand.Create(), args);
