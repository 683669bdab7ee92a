namespace Omni.Tracking.Conversions;

/// <summary>The Conversions API name of a tracked event. It must equal the name the browser pixel used for
/// the same <c>event_id</c>, or Meta counts the action twice: page views are <c>PageView</c>, Meta's standard
/// names pass as they are, GA4's recommended names (what GTM server-side sends) become their Meta standard
/// equivalent, and anything else goes as a custom event under its own name.</summary>
internal static class MetaEventNames
{
    public const string PageView = "PageView";

    public static readonly IReadOnlySet<string> Standard = new HashSet<string>(StringComparer.Ordinal)
    {
        "AddPaymentInfo", "AddToCart", "AddToWishlist", "CompleteRegistration", "Contact", "CustomizeProduct", "Donate",
        "FindLocation", "InitiateCheckout", "Lead", "PageView", "Purchase", "Schedule", "Search", "StartTrial",
        "SubmitApplication", "Subscribe", "ViewContent",
    };

    private static readonly Dictionary<string, string> FromGa4 = new(StringComparer.Ordinal)
    {
        ["page_view"] = "PageView",
        ["view_item"] = "ViewContent",
        ["add_to_cart"] = "AddToCart",
        ["add_to_wishlist"] = "AddToWishlist",
        ["begin_checkout"] = "InitiateCheckout",
        ["add_payment_info"] = "AddPaymentInfo",
        ["purchase"] = "Purchase",
        ["generate_lead"] = "Lead",
        ["sign_up"] = "CompleteRegistration",
        ["search"] = "Search",
    };

    public static string Of(string type, string name) =>
        type == "page" ? PageView : Standard.Contains(name) ? name : FromGa4.GetValueOrDefault(name, name);
}
