namespace Omni.Contacts.Domain;

internal sealed class Contact
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string[] Tags { get; set; } = [];
    /// <summary>The custom fields as JSON text (a jsonb object).</summary>
    public string CustomFields { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The identifier rows, for writes (loaded on demand).</summary>
    public List<Identifier> Identifiers { get; set; } = [];

    /// <summary>The same identifiers as the database keeps them for reads ([{id, type, value}], oldest first);
    /// maintained by a trigger, never written from here.</summary>
    public string IdentifierList { get; set; } = "[]";
}
