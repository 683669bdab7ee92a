using FluentValidation;
using Omni.Leads.Domain;

namespace Omni.Leads;

/// <summary>Validation rules the lead requests (create, update, import) share.</summary>
internal static class LeadFieldRules
{
    public const int MaxTitle = 300;
    public const int MaxSource = 100;
    public const int MaxLostReason = 500;
    public const decimal MaxValue = 999_999_999_999_999m;

    /// <summary>ISO 4217 codes in use.</summary>
    private static readonly HashSet<string> Currencies = new(
        ("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC " +
         "CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD " +
         "JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD " +
         "NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP " +
         "SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL")
        .Split(' '), StringComparer.Ordinal);

    public static bool IsCurrency(string? code) => code is not null && Currencies.Contains(code);

    public static string? NormalizeCurrency(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    public static IRuleBuilderOptions<T, string?> ValidCurrency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || IsCurrency(NormalizeCurrency(c))).WithMessage("currency must be an ISO 4217 code, e.g. BRL or USD.");

    public static IRuleBuilderOptions<T, decimal?> ValidValue<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(v => v is null || (v >= 0 && v <= MaxValue && decimal.Round(v.Value, 4) == v.Value))
            .WithMessage("value must be between 0 and 999999999999999, with at most 4 decimals.");

    public static IRuleBuilderOptions<T, string?> ValidStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || LeadStatuses.IsValid(s)).WithMessage("status must be open, won or lost.");

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
