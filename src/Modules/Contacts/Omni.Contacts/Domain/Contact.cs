using System.Text.Json;

namespace Omni.Contacts.Domain;

internal sealed class Contact
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string[] Tags { get; set; } = [];
    public JsonDocument CustomFields { get; set; } = JsonDocument.Parse("{}");
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Identifier> Identifiers { get; set; } = [];
}
