namespace Omni.Contacts.Domain;

internal sealed class Identifier
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid ContactId { get; set; }
    public string Type { get; set; } = "";
    public string Value { get; set; } = "";
    public string? Last10 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
