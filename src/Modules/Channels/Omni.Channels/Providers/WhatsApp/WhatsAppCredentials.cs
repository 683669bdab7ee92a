namespace Omni.Channels.Providers.WhatsApp;

/// <summary>The credential fields of a WhatsApp Cloud API channel (all stored sealed).</summary>
internal static class WhatsAppCredentials
{
    /// <summary>The number's id in the Graph API: what sends go to and what webhooks are routed by.</summary>
    public const string PhoneNumberId = "phone_number_id";
    public const string BusinessAccountId = "business_account_id";
    /// <summary>A system user's access token (Bearer) with whatsapp_business_messaging.</summary>
    public const string AccessToken = "access_token";
    /// <summary>The Meta app's secret: the key of the webhooks' X-Hub-Signature-256.</summary>
    public const string AppSecret = "app_secret";
    /// <summary>What was typed into the App Dashboard for the webhook handshake.</summary>
    public const string VerifyToken = "verify_token";

    public static readonly IReadOnlyList<string> All = [PhoneNumberId, BusinessAccountId, AccessToken, AppSecret, VerifyToken];
}
