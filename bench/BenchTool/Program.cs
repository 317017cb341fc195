using BenchTool;

// Commands used by bench/run.sh; each prints what it did in one or two lines.
return args switch
{
    ["walk", .. var rest] => await FlowWalk.RunAsync(Arguments.Parse(rest)),
    ["events", .. var rest] => EventGenerator.Run(Arguments.Parse(rest)),
    ["startup", .. var rest] => await StartupProbe.RunAsync(Arguments.Parse(rest)),
    ["report", .. var rest] => ReportWriter.Run(Arguments.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: BenchTool walk    --url URL --api-key KEY --customer-id ID --digits 1,2 --to NUMBER --out plan.txt
               BenchTool events  --plan plan.txt --api-key KEY --customer-id ID --calls N --slices S --out DIR [--prefix P]
               BenchTool startup --url URL --request FILE --runs N [--remove PATH] -- COMMAND ARGS...
               BenchTool report  --results results.jsonl --out docs/benchmarks.md --machine FILE --commands FILE
        """);
    return 2;
}
