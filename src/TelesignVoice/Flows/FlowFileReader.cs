using System.Text.Json;
using System.Text;

namespace TelesignVoice.Flows;

/// <summary>
/// Reads one flow file into <see cref="FlowDefinition"/>. It parses by hand rather than binding, so a
/// typo or a wrong type is reported with the step and field in the author's words, never a .NET type name.
/// Files are plain JSON, as the editors that check them against flow.schema.json read them: no
/// comments, no trailing commas, and no key given twice (JSON parsers silently keep the last one).
/// </summary>
public sealed class FlowFileReader
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
    private readonly FlowFieldReader _fields;

    private FlowFileReader(string source, List<FlowProblem> problems)
    {
        _source = source;
        _problems = problems;
        _fields = new FlowFieldReader(source, problems);
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

        var stepNames = _fields.Step is null && path == "steps";
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
                    _fields.Problem(FlowFieldReader.Path(path, property.Name), "given twice; keep one (JSON would silently use the last)");
                }
            }

            if (stepNames)
            {
                _fields.Step = property.Name;
                CheckDuplicates(property.Value, null);
                _fields.Step = null;
            }
            else
            {
                CheckDuplicates(property.Value, FlowFieldReader.Path(path, property.Name));
            }
        }
    }

    private FlowDefinition? ReadFlow(string id, JsonElement root)
    {
        if (!_fields.IsObject(root, null))
        {
            return null;
        }

        _fields.CheckFields(root, FlowFields, null);
        var steps = new Dictionary<string, FlowStep>(StringComparer.Ordinal);
        if (root.TryGetProperty("steps", out var stepsElement) && _fields.IsObject(stepsElement, "steps"))
        {
            foreach (var property in stepsElement.EnumerateObject())
            {
                _fields.Step = property.Name;
                if (_fields.IsObject(property.Value, null))
                {
                    steps[property.Name] = ReadStep(property.Value);
                }
            }

            _fields.Step = null;
        }
        else if (!root.TryGetProperty("steps", out _))
        {
            _fields.Problem("steps", "missing: a flow needs at least one step");
        }

        var start = _fields.String(root, "start", null);
        return new FlowDefinition
        {
            Id = id,
            Source = _source,
            Start = start ?? string.Empty,
            Description = _fields.String(root, "description", null),
            Language = _fields.String(root, "language", null),
            Languages = _fields.Strings(root, "languages"),
            OnError = _fields.String(root, "on_error", null),
            Steps = steps,
            SensitiveVariables = _fields.Strings(root, "sensitive"),
        };
    }

    private FlowStep ReadStep(JsonElement step)
    {
        _fields.CheckFields(step, StepFields, null);
        return new FlowStep
        {
            Say = _fields.SayText(step, null, out var sayIn),
            SayIn = sayIn,
            Play = _fields.Urls(step, "play", null),
            Language = _fields.String(step, "language", null),
            Ask = step.TryGetProperty("ask", out var ask) && _fields.IsObject(ask, "ask") ? ReadAsk(ask) : null,
            Transfer = step.TryGetProperty("transfer", out var transfer) ? ReadTransfer(transfer) : null,
            SendDigits = _fields.String(step, "send_digits", null),
            Hangup = _fields.Bool(step, "hangup") ?? false,
            Code = _fields.String(step, "code", null),
            Results = _fields.Map(step, "results", null),
            Sets = _fields.Strings(step, "sets"),
            Next = _fields.String(step, "next", null),
            Notify = ReadNotify(step),
        };
    }

    private FlowAsk ReadAsk(JsonElement ask)
    {
        _fields.CheckFields(ask, AskFields, "ask");
        var defaults = new FlowAsk();
        return new FlowAsk
        {
            MaxDigits = _fields.Int(ask, "max_digits", "ask") ?? _fields.MissingInt("ask.max_digits", "missing: how many digits at most (1 for a menu)"),
            MinDigits = _fields.Int(ask, "min_digits", "ask") ?? defaults.MinDigits,
            TimeoutSeconds = _fields.Number(ask, "timeout_seconds", "ask"),
            BetweenDigitsSeconds = _fields.Number(ask, "between_digits_seconds", "ask"),
            EndKeys = _fields.String(ask, "end_keys", "ask"),
            AllowedDigits = _fields.String(ask, "allowed_digits", "ask"),
            Pattern = _fields.String(ask, "pattern", "ask"),
            Choices = _fields.Map(ask, "choices", "ask"),
            RepeatKey = _fields.String(ask, "repeat_key", "ask"),
            SaveAs = _fields.String(ask, "save_as", "ask"),
            Sensitive = _fields.Bool(ask, "sensitive") ?? false,
            Attempts = _fields.Int(ask, "attempts", "ask") ?? defaults.Attempts,
            NoInput = Message(ask, "no_input"),
            InvalidInput = Message(ask, "invalid_input"),
            GiveUp = _fields.String(ask, "give_up", "ask") ?? defaults.GiveUp,
        };
    }

    private FlowTransfer? ReadTransfer(JsonElement transfer)
    {
        if (transfer.ValueKind == JsonValueKind.String)
        {
            return new FlowTransfer { To = transfer.GetString()! };
        }

        if (!_fields.IsObject(transfer, "transfer"))
        {
            return null;
        }

        _fields.CheckFields(transfer, TransferFields, "transfer");
        var to = _fields.String(transfer, "to", "transfer");
        if (to is null)
        {
            _fields.Problem("transfer.to", "missing: the number to transfer to, digits with country code (e.g. 15551230000)");
        }

        return new FlowTransfer
        {
            To = to ?? string.Empty,
            CallerId = _fields.String(transfer, "caller_id", "transfer"),
            SendDigits = _fields.String(transfer, "send_digits", "transfer"),
            After = _fields.String(transfer, "after", "transfer") ?? FlowTargets.Hangup,
        };
    }

    private FlowMessage? Message(JsonElement ask, string name)
    {
        if (!ask.TryGetProperty(name, out var message) || !_fields.IsObject(message, $"ask.{name}"))
        {
            return null;
        }

        _fields.CheckFields(message, MessageFields, $"ask.{name}");
        return new FlowMessage(_fields.SayText(message, $"ask.{name}", out var sayIn), _fields.Urls(message, "play", $"ask.{name}")) { SayIn = sayIn };
    }

    // The notify step kind: an object of value name → text, which may hold {variables}.
    private Dictionary<string, string>? ReadNotify(JsonElement step)
    {
        if (!step.TryGetProperty("notify", out var notify))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (notify.ValueKind != JsonValueKind.Object)
        {
            _fields.Problem("notify", "must be an object of name → text, e.g. { \"confirmed\": \"yes\", \"choice\": \"{digits}\" }");
            return values;
        }

        foreach (var property in notify.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                values[property.Name] = property.Value.GetString()!;
            }
            else
            {
                _fields.Problem($"notify.{property.Name}", "must be text (it may hold {variables}, e.g. \"{digits}\")");
            }
        }

        return values;
    }
}
