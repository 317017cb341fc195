using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/TelesignVoice.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(TelesignVoice.Benchmarks.WireBenchmarks).Assembly).Run(args);
