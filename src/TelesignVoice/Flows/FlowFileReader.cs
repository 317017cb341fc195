using System.Text;
using System.Text.Json;

namespace TelesignVoice.Flows;

/// <summary>
/// Reads one flow file into <see cref="FlowDefinition"/>. It parses by hand rather than binding, so a
/// typo or a wrong type is reported with the step and field in the author's words, never a .NET type name.
/// Files are plain JSON, as the editors that check them against flow.schema.json read them: no
/// comments, no trailing commas, and no key given twice (JSON parsers silently keep the last one).
/// </summary>
public sealed partial class FlowFileReader
{
    private static readonly string[] FlowFields = ["$schema", "description", "language", "languages", "start", "on_error", "steps", "sensitive"];
    private static readonly string[] StepFields =
        ["description", "say", "play", "language", "ask", "transfer", "send_digits", "hangup", "code", "results", "sets", "next", "notify"];
    private static readonly string[] AskFields =
        ["max_digits", "min_digits", "timeout_seconds", "between_digits_seconds", "end_keys", "allowed_digits", "pattern",
         "choices", "repeat_key", "save_as", "attempts", "no_input", "invalid_input", "give_up", "sensitive"];
    private static readonly string[] MessageFields = ["say", "play"];
    private static readonly string[] TransferFields = ["to", "caller_id", "send_digits", "after"];

    private readonly string _source;
    private readonly List<FlowProblem> _problems;
    private string? _step;

    private FlowFileReader(string source, List<FlowProblem> problems)
    {
        _source = source;
        _problems = problems;
    }

    /// <summary>The flow, or null when the file cannot be read as one (the problems say why).</summary>
    public static FlowDefinition? Read(string id, string source, string json, List<FlowProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            problems.Add(new FlowProblem(source, null, null, NotPlainJson(json, exception)));
            return null;
        }

        using (document)
        {
            var reader = new FlowFileReader(source, problems);
            reader.CheckDuplicates(document.RootElement, null);
            return reader.ReadFlow(id, document.RootElement);
        }
    }

    /// <summary>Says which of the mistakes that lenient JSON readers forgive the file makes, or where it is not JSON at all.</summary>
    private static string NotPlainJson(string json, JsonException exception)
    {
        var line = exception.LineNumber + 1;
        try
        {
            using var lenient = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            return $"not valid JSON (line {line}, byte {exception.BytePositionInLine + 1})";
        }

        return FirstCommentLine(json) is { } comment && comment <= line
            ? $"a comment (line {comment}): flow files are plain JSON, which has no comments; put notes in \"description\""
            : $"a trailing comma (line {line}): remove the comma after the last entry of the object or list";
    }

    private static long? FirstCommentLine(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Allow });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Comment)
            {
                return 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
            }
        }

        return null;
    }

    /// <summary>
    /// A step name or a field given twice is refused: JSON keeps the last one without a word, so the
    /// author's first step or choice would silently vanish. <paramref name="path"/> is the field path
    /// within the current step (or the flow); directly under "steps" the names are step names.
    /// </summary>
    private void CheckDuplicates(JsonElement element, string? path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                CheckDuplicates(item, $"{path}[{index++}]");
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var stepNames = _step is null && path == "steps";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name) && reported.Add(property.Name))
            {
                if (stepNames)
                {
                    _problems.Add(new FlowProblem(_source, property.Name, null, "given twice: two steps cannot share a name; rename or remove one"));
                }
                else
                {
                    Problem(Path(path, property.Name), "given twice; keep one (JSON would silently use the last)");
                }
            }

            if (stepNames)
            {
                _step = property.Name;
                CheckDuplicates(property.Value, null);
                _step = null;
            }
            else
            {
                CheckDuplicates(property.Value, Path(path, property.Name));
            }
        }
    }

    private FlowDefinition? ReadFlow(string id, JsonElement root)
    {
        if (!IsObject(root, null))
        {
            return null;
        }

        CheckFields(root, FlowFields, null);
        var steps = new Dictionary<string, FlowStep>(StringComparer.Ordinal);
        if (root.TryGetProperty("steps", out var stepsElement) && IsObject(stepsElement, "steps"))
        {
            foreach (var property in stepsElement.EnumerateObject())
            {
                _step = property.Name;
                if (IsObject(property.Value, null))
                {
                    steps[property.Name] = ReadStep(property.Value);
                }
            }

            _step = null;
        }
        else if (!root.TryGetProperty("steps", out _))
        {
            Problem("steps", "missing: a flow needs at least one step");
        }

        var start = String(root, "start", null);
        return new FlowDefinition
        {
            Id = id,
            Source = _source,
            Start = start ?? string.Empty,
            Description = String(root, "description", null),
            Language = String(root, "language", null),
            Languages = Strings(root, "languages"),
            OnError = String(root, "on_error", null),
            Steps = steps,
            SensitiveVariables = Strings(root, "sensitive"),
        };
    }

    private FlowStep ReadStep(JsonElement step)
    {
        CheckFields(step, StepFields, null);
        return new FlowStep
        {
            Say = SayText(step, null, out var sayIn),
            SayIn = sayIn,
            Play = Urls(step, "play", null),
            Language = String(step, "language", null),
            Ask = step.TryGetProperty("ask", out var ask) && IsObject(ask, "ask") ? ReadAsk(ask) : null,
            Transfer = step.TryGetProperty("transfer", out var transfer) ? ReadTransfer(transfer) : null,
            SendDigits = String(step, "send_digits", null),
            Hangup = Bool(step, "hangup") ?? false,
            Code = String(step, "code", null),
            Results = Map(step, "results", null),
            Sets = Strings(step, "sets"),
            Next = String(step, "next", null),
            Notify = ReadNotify(step),
        };
    }

    private FlowAsk ReadAsk(JsonElement ask)
    {
        CheckFields(ask, AskFields, "ask");
        var defaults = new FlowAsk();
        return new FlowAsk
        {
            MaxDigits = Int(ask, "max_digits", "ask") ?? MissingInt("ask.max_digits", "missing: how many digits at most (1 for a menu)"),
            MinDigits = Int(ask, "min_digits", "ask") ?? defaults.MinDigits,
            TimeoutSeconds = Number(ask, "timeout_seconds", "ask"),
            BetweenDigitsSeconds = Number(ask, "between_digits_seconds", "ask"),
            EndKeys = String(ask, "end_keys", "ask"),
            AllowedDigits = String(ask, "allowed_digits", "ask"),
            Pattern = String(ask, "pattern", "ask"),
            Choices = Map(ask, "choices", "ask"),
            RepeatKey = String(ask, "repeat_key", "ask"),
            SaveAs = String(ask, "save_as", "ask"),
            Sensitive = Bool(ask, "sensitive") ?? false,
            Attempts = Int(ask, "attempts", "ask") ?? defaults.Attempts,
            NoInput = Message(ask, "no_input"),
            InvalidInput = Message(ask, "invalid_input"),
            GiveUp = String(ask, "give_up", "ask") ?? defaults.GiveUp,
        };
    }

    private FlowTransfer? ReadTransfer(JsonElement transfer)
    {
        if (transfer.ValueKind == JsonValueKind.String)
        {
            return new FlowTransfer { To = transfer.GetString()! };
        }

        if (!IsObject(transfer, "transfer"))
        {
            return null;
        }

        CheckFields(transfer, TransferFields, "transfer");
        var to = String(transfer, "to", "transfer");
        if (to is null)
        {
            Problem("transfer.to", "missing: the number to transfer to, digits with country code (e.g. 15551230000)");
        }

        return new FlowTransfer
        {
            To = to ?? string.Empty,
            CallerId = String(transfer, "caller_id", "transfer"),
            SendDigits = String(transfer, "send_digits", "transfer"),
            After = String(transfer, "after", "transfer") ?? FlowTargets.Hangup,
        };
    }

    private FlowMessage? Message(JsonElement ask, string name)
    {
        if (!ask.TryGetProperty(name, out var message) || !IsObject(message, $"ask.{name}"))
        {
            return null;
        }

        CheckFields(message, MessageFields, $"ask.{name}");
        return new FlowMessage(SayText(message, $"ask.{name}", out var sayIn), Urls(message, "play", $"ask.{name}")) { SayIn = sayIn };
    }

    private void CheckFields(JsonElement element, string[] known, string? parent)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Problem(Path(parent, property.Name), $"unknown field; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    private void Problem(string? field, string message) => _problems.Add(new FlowProblem(_source, _step, field, message));

    private static string Path(string? parent, string name) => parent is null ? name : $"{parent}.{name}";
}
