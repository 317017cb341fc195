#!/usr/bin/env python3
"""Reads `perf script` output on stdin and charges each sample to the innermost frame that belongs to a
known component (runtime, GC and kernel frames are charged to the component that called into them),
so the cost of logging, telemetry, signature checks, the store... is visible at a glance."""
import collections
import re
import sys

COMPONENTS = [
    ("PersonalDataEnricher (log redaction)", r"PersonalDataEnricher"),
    ("Serilog request logging", r"RequestLoggingMiddleware"),
    ("Serilog (format + console sink)", r"\[Serilog[^\]]*\]"),
    ("Microsoft.Extensions.Logging", r"Microsoft\.Extensions\.Logging"),
    ("OpenTelemetry (traces + metrics)", r"\[OpenTelemetry[^\]]*\]"),
    ("System.Diagnostics (Activity, Meter)", r"\[System\.Diagnostics\.DiagnosticSource\]"),
    ("signature verification", r"TelesignSignature"),
    ("call store", r"CallStore|Microsoft\.Data\.Sqlite|SQLitePCL|libe_sqlite3|Npgsql"),
    ("call flows", r"TelesignVoice\.Flows"),
    ("webhook processor + lifecycle", r"TelesignVoice\.Webhooks\.(WebhookProcessor|CallLifecycle)"),
    ("webhook endpoint + body read", r"TelesignVoice\.Webhooks"),
    ("TelesignVoice (other)", r"\[TelesignVoice\]"),
    ("System.Text.Json", r"\[System\.Text\.Json\]"),
    ("crypto (HMAC, SHA-256)", r"libcrypto|System\.Security\.Cryptography"),
    ("ASP.NET Core routing/endpoints/results", r"\[Microsoft\.AspNetCore\.(Routing|Http\.Extensions|Http\.Results|Http\.Abstractions|Http)\]"),
    ("ASP.NET Core hosting/middleware", r"\[Microsoft\.AspNetCore\.(Hosting|Diagnostics|HostFiltering)\]"),
    ("Kestrel (HTTP parsing, I/O)", r"Kestrel|System\.IO\.Pipelines|System\.Net\.Sockets"),
    ("thread pool / async machinery", r"ThreadPool|PortableThreadPool|AsyncTaskMethodBuilder|ExecutionContext"),
]
FALLBACK = [
    ("kernel (network, scheduling)", r"\[kernel\.kallsyms\]"),
    ("runtime / GC (no managed caller)", r"libcoreclr|libclrjit|libc\.so|ld-linux"),
]

def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        else:
            stack.append(line)
    if stack:
        yield stack

def main():
    compiled = [(name, re.compile(p)) for name, p in COMPONENTS]
    fallback = [(name, re.compile(p)) for name, p in FALLBACK]
    counts = collections.Counter()
    details = collections.defaultdict(collections.Counter)
    total = 0
    for stack in samples(sys.stdin):
        total += 1
        frames = stack[1:]  # leaf first
        owner = None
        for frame in frames:
            for name, pattern in compiled:
                if pattern.search(frame):
                    owner = name
                    details[name][frame.strip().split(" ", 1)[-1][:150]] += 1
                    break
            if owner:
                break
        if owner is None:
            leaf = frames[0] if frames else ""
            owner = next((name for name, p in fallback if p.search(leaf)), "other")
        counts[owner] += 1
    print(f"{total} samples, each charged to its innermost known component:")
    for name, count in counts.most_common():
        print(f"  {100.0 * count / max(total, 1):5.1f} %  {name}")
        if "--detail" in sys.argv:
            for frame, n in details[name].most_common(6):
                print(f"           {100.0 * n / max(total, 1):5.1f} %  {frame}")

main()
