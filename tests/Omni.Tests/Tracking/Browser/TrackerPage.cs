namespace Omni.Tests.Tracking.Browser;

/// <summary>A shop page as a customer installs the tracker: a stub Pixel (<c>fbq</c> records its calls in
/// <c>window.fbqCalls</c>), the documented <c>omni</c> stub that queues calls, the calls made
/// before the script arrives, the async script tag, and a button marked for click tracking.</summary>
public static class TrackerPage
{
    public static string Html(Uri api, string writeKey, string beforeLoad = "") => $$"""
        <!doctype html>
        <html>
        <head>
          <title>Tee shop</title>
          <script>
            window.fbqCalls = [];
            window.fbq = function () { window.fbqCalls.push(Array.prototype.slice.call(arguments)); };
            window.omni = window.omni || {q: []};
            ['track', 'identify', 'page', 'consent'].forEach(function (m) {
              omni[m] = omni[m] || function () { omni.q.push([m].concat([].slice.call(arguments))); };
            });
            {{beforeLoad}}
          </script>
          <script async src="{{api.GetLeftPart(UriPartial.Authority)}}/t.js?k={{writeKey}}"></script>
        </head>
        <body>
          <button id="buy" data-omni-event="AddToCart" data-omni-product-id="SKU-1" data-omni-value="149.9" data-omni-sku="007"><span>Add to cart</span></button>
        </body>
        </html>
        """;
}
