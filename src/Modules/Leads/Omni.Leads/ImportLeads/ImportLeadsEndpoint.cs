using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Contacts.Contracts;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.ImportLeads;

internal static class ImportLeadsEndpoint
{
    public const int MaxRows = 5000;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "title", "value", "currency", "stage", "status", "lost_reason", "source", "email", "phone", "contact_id", "assignee_email",
        "assignee_id", "expected_close_date", "custom_fields",
    };

    /// <summary>Columns an export writes that an import does not take.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "id", "pipeline_id", "stage_id", "created_at", "updated_at", "closed_at",
    };

    /// <summary>Leads from a CSV with a header row (see the operation's description). A dry run checks every
    /// row and changes nothing. A real run is all or nothing: one bad row and nothing is imported (400, the
    /// errors keyed <c>rows[line].field</c>).</summary>
    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Handle(HttpRequest http, [FromQuery(Name = "dry_run")] bool? dryRun,
        [FromQuery(Name = "pipeline_id")] Guid? pipelineId, LeadWriter writer, PipelineStore pipelines, IContactDirectory contacts, OrgMembers members,
        CancellationToken ct)
    {
        var text = await ReadBodyAsync(http, ct);
        List<(int Line, List<string> Cells)> rows;
        try
        {
            rows = Csv.Read(text).Take(MaxRows + 2).ToList();
        }
        catch (FormatException e)
        {
            return ApiProblem.BadRequest("invalid_csv", e.Message);
        }
        if (rows.Count == 0) return ApiProblem.BadRequest("invalid_csv", "The CSV is empty: it needs a header row naming the columns (title is required).");
        var header = rows[0].Cells.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!header.Contains("title")) return ApiProblem.BadRequest("invalid_csv", "The header row must name a title column.");
        if (header.Distinct().Count() != header.Count) return ApiProblem.BadRequest("invalid_csv", "A column is named twice in the header row.");
        var data = rows.Skip(1).ToList();
        if (data.Count > MaxRows) throw new ApiException(413, "payload_too_large", $"An import takes at most {MaxRows} rows.");

        var pipelineId0 = pipelineId ?? await pipelines.EnsureDefaultAsync(ct);
        var pipeline = await pipelines.GetAsync(pipelineId0, false, ct) ?? throw ApiException.InvalidField("pipeline_id", "No such pipeline in this org.");
        var stages = await pipelines.StagesAsync(pipeline.Id, ct);
        var assigneeEmails = header.Contains("assignee_email")
            ? await members.MemberIdsByEmailAsync(data.Select(r => Cell(header, r.Cells, "assignee_email")).OfType<string>().ToList(), ct)
            : new Dictionary<string, Guid>();

        var errors = new List<ImportRowError>();
        var drafts = new List<(int Line, Lead Lead, ContactIdentifier? Identifier)>();
        var memberIds = new Dictionary<Guid, bool>();
        foreach (var (line, cells) in data)
        {
            void Fail(string field, string message) => errors.Add(new ImportRowError(line, field, message));
            string? Get(string column) => Cell(header, cells, column);
            if (cells.Count > header.Count) Fail("row", $"The row has {cells.Count} cells; the header names {header.Count}.");

            var title = Get("title");
            if (title is null) Fail("title", "title is required.");
            else if (title.Length > LeadFieldRules.MaxTitle) Fail("title", $"title is at most {LeadFieldRules.MaxTitle} characters.");

            decimal? value = null;
            if (Get("value") is { } rawValue)
            {
                if (decimal.TryParse(rawValue, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= LeadFieldRules.MaxValue
                    && decimal.Round(v, 4) == v) value = v;
                else Fail("value", "value must be a number between 0 and 999999999999999 (a dot for decimals, at most 4).");
            }
            var currency = LeadFieldRules.NormalizeCurrency(Get("currency"));
            if (currency is not null && !LeadFieldRules.IsCurrency(currency)) Fail("currency", "currency must be an ISO 4217 code, e.g. BRL or USD.");
            if (value is not null && currency is null) Fail("currency", "currency is required with a value.");

            var status = Get("status")?.ToLowerInvariant();
            if (status is not null && !LeadStatuses.IsValid(status)) Fail("status", "status must be open, won or lost.");
            Stage? stage;
            if (Get("stage") is { } stageName)
            {
                stage = stages.FirstOrDefault(s => string.Equals(s.Name, stageName, StringComparison.OrdinalIgnoreCase));
                if (stage is null) Fail("stage", $"The pipeline '{pipeline.Name}' has no stage named '{stageName}'.");
                else if (status is not null && LeadStatuses.IsValid(status) && stage.Kind != status) Fail("status", $"The stage '{stage.Name}' is of kind '{stage.Kind}'.");
            }
            else
            {
                var kind = status is not null && LeadStatuses.IsValid(status) ? status : LeadStatuses.Open;
                stage = stages.FirstOrDefault(s => s.Kind == kind);
                if (stage is null) Fail("stage", $"The pipeline '{pipeline.Name}' has no stage of kind '{kind}'.");
            }

            var lostReason = Get("lost_reason");
            if (lostReason is { Length: > LeadFieldRules.MaxLostReason }) Fail("lost_reason", $"lost_reason is at most {LeadFieldRules.MaxLostReason} characters.");
            var source = Get("source");
            if (source is { Length: > LeadFieldRules.MaxSource }) Fail("source", $"source is at most {LeadFieldRules.MaxSource} characters.");

            DateOnly? close = null;
            if (Get("expected_close_date") is { } rawDate)
            {
                if (DateOnly.TryParseExact(rawDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) close = d;
                else Fail("expected_close_date", "expected_close_date must be a date as yyyy-mm-dd.");
            }

            Guid? assignee = null;
            if (Get("assignee_id") is { } rawAssignee)
            {
                if (!Guid.TryParse(rawAssignee, out var a)) Fail("assignee_id", "assignee_id must be a user id.");
                else
                {
                    if (!memberIds.TryGetValue(a, out var isMember)) memberIds[a] = isMember = await members.HasRoleAsync(a, OrgRoles.All, ct);
                    if (isMember) assignee = a;
                    else Fail("assignee_id", "The assignee must be a member of the org.");
                }
            }
            else if (Get("assignee_email") is { } email)
            {
                if (assigneeEmails.TryGetValue(email.ToLowerInvariant(), out var a)) assignee = a;
                else Fail("assignee_email", "No member of the org has this email.");
            }

            Guid? contactId = null;
            ContactIdentifier? identifier = null;
            if (Get("contact_id") is { } rawContact)
            {
                if (!Guid.TryParse(rawContact, out var c) || await contacts.GetAsync(c, ct) is null) Fail("contact_id", "No such contact in this org.");
                else contactId = c;
            }
            else if (Get("email") is { } contactEmail) identifier = new ContactIdentifier(ContactIdentifierTypes.Email, contactEmail);
            else if (Get("phone") is { } phone) identifier = new ContactIdentifier(ContactIdentifierTypes.Phone, phone);
            if (identifier is not null)
            {
                try
                {
                    contactId = await contacts.FindAsync(identifier, ct);
                }
                catch (ArgumentException)
                {
                    Fail(identifier.Type, $"{identifier.Type} is not a valid {identifier.Type}.");
                    identifier = null;
                }
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (Get("custom_fields") is { } rawFields)
            {
                try
                {
                    using var doc = JsonDocument.Parse(rawFields);
                    if (CustomFields.AsFields(doc.RootElement.Clone()) is { } parsed) foreach (var (k, v) in parsed) fields[k] = v;
                    else Fail("custom_fields", "custom_fields must be a JSON object.");
                }
                catch (JsonException)
                {
                    Fail("custom_fields", "custom_fields must be a JSON object.");
                }
            }
            for (var i = 0; i < header.Count && i < cells.Count; i++)
            {
                if (Known.Contains(header[i]) || Ignored.Contains(header[i]) || header[i].Length == 0 || cells[i].Trim().Length == 0) continue;
                fields[header[i].Length > 64 ? header[i][..64] : header[i]] = JsonSerializer.SerializeToElement(cells[i].Trim());
            }
            var customFields = JsonSerializer.Serialize(fields);
            if (fields.Count > CustomFields.MaxKeys || Encoding.UTF8.GetByteCount(customFields) > CustomFields.MaxBytes)
                Fail("custom_fields", $"custom_fields: at most {CustomFields.MaxKeys} keys, {CustomFields.MaxBytes / 1024} KiB in all.");

            if (title is null || stage is null) continue;
            drafts.Add((line, new Lead
            {
                Id = Guid.CreateVersion7(),
                PipelineId = pipeline.Id,
                StageId = stage.Id,
                Title = title,
                ContactId = contactId,
                Value = value,
                Currency = currency,
                Source = source,
                Status = stage.Kind,
                LostReason = stage.Kind == LeadStatuses.Lost ? lostReason : null,
                AssigneeId = assignee,
                ExpectedCloseDate = close,
                CustomFields = customFields,
            }, contactId is null ? identifier : null));
        }

        if (dryRun == true) return TypedResults.Ok(new ImportReport(true, data.Count, 0, errors));
        if (errors.Count > 0)
        {
            return ApiProblem.Validation(errors.GroupBy(e => $"rows[{e.Row}].{e.Field}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        // Contacts named by email or phone that do not exist yet are made, in one batch.
        var toCreate = drafts.Where(d => d.Identifier is not null).ToList();
        if (toCreate.Count > 0)
        {
            var found = await contacts.FindOrCreateManyAsync(toCreate.Select(d => new ContactRequest(d.Identifier!, null)).ToList(), ct);
            for (var i = 0; i < toCreate.Count; i++) toCreate[i].Lead.ContactId = found[i].Match?.ContactId;
        }
        foreach (var (_, lead, _) in drafts) await writer.AttributeAsync(lead, ct);
        var saved = await writer.InsertAsync(drafts.Select(d => d.Lead).ToList(), ActivityTypes.Imported,
            new Dictionary<Guid, Pipeline> { [pipeline.Id] = pipeline }, stages.ToDictionary(s => s.Id), ct);
        return TypedResults.Ok(new ImportReport(false, data.Count, saved.Count, []));
    }

    private static string? Cell(List<string> header, List<string> cells, string column)
    {
        var i = header.IndexOf(column);
        return i >= 0 && i < cells.Count && cells[i].Trim() is { Length: > 0 } value ? value : null;
    }

    /// <summary>The CSV: the body itself (<c>text/csv</c>, <c>text/plain</c>) or the <c>csv</c> field of a JSON body.</summary>
    private static async Task<string> ReadBodyAsync(HttpRequest http, CancellationToken ct)
    {
        if (http.Body.CanSeek) http.Body.Position = 0; // the idempotency filter may have read it to hash it
        var mediaType = http.ContentType is { } type ? type.Split(';')[0].Trim().ToLowerInvariant() : "";
        if (mediaType == "application/json")
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Body, cancellationToken: ct);
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("csv", out var csv) || csv.ValueKind != JsonValueKind.String)
                throw ApiException.InvalidField("csv", "csv (the file's text) is required.");
            return csv.GetString()!;
        }
        if (mediaType is not ("text/csv" or "text/plain" or "application/csv"))
            throw new ApiException(415, "unsupported_media_type", "Send the CSV as text/csv, or as the csv field of a JSON body.");
        using var reader = new StreamReader(http.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
