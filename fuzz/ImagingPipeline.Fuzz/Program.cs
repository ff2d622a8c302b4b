using ImagingPipeline.Fuzz;
using SharpFuzz;

// Under afl-fuzz: the fork server of SharpFuzz runs the target once per input, in a child process that
// survives handled inputs and is restarted after a crash. Without afl-fuzz: one run on standard input,
// which reproduces a saved crash: dotnet ImagingPipeline.Fuzz.dll part10 < crash-file
if (args.Length != 1 || FuzzTargets.Find(args[0]) is not { } target)
{
    await Console.Error.WriteLineAsync($"usage: ImagingPipeline.Fuzz <{string.Join('|', FuzzTargets.Names)}>").ConfigureAwait(false);
    return 2;
}

Fuzzer.OutOfProcess.Run(target);
return 0;
