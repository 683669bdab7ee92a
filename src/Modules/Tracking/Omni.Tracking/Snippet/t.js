// Omni first-party tracker. Served by GET /t.js?k={write_key} with the source's config on the line above.
// Page stub, before the script (calls made before it loads are queued and replayed):
//   window.omni = window.omni || {q: []};
//   ['track', 'identify', 'page', 'consent'].forEach(function (m) {
//     omni[m] = omni[m] || function () { omni.q.push([m].concat([].slice.call(arguments))); };
//   });
// Works in ES2017 browsers, loads async, never throws into the page.
(function () {
  'use strict';
  var w = window, d = document, omni = w.omni;
  if (!omni || !omni.config || omni.loaded) return;
  omni.loaded = true;

  var cfg = omni.config;
  var endpoint = cfg.api + '/api/v1/track/batch';
  var STANDARD = ['AddPaymentInfo', 'AddToCart', 'AddToWishlist', 'CompleteRegistration', 'Contact', 'CustomizeProduct',
    'Donate', 'FindLocation', 'InitiateCheckout', 'Lead', 'PageView', 'Purchase', 'Schedule', 'Search', 'StartTrial',
    'SubmitApplication', 'Subscribe', 'ViewContent'];
  var TRAITS = ['email', 'phone', 'external_id', 'name'];
  var DAY = 864e5, STORE_KEY = 'omni_queue', STORE_CAP = 500, BATCH = 10, HELD_CAP = 100;

  // Consent: 'granted' | 'denied' | null (not said yet). With consent_mode 'none' it starts granted; with
  // 'required' a previous grant is remembered by the omni_aid cookie itself, which exists only after one.
  var consent = cfg.consent_mode === 'required' ? (readCookie('omni_aid') ? 'granted' : null) : 'granted';
  var held = [], buffer = [], timer = 0, retryTimer = 0, attempt = 0, retrying = false, domain;

  function safe(fn) {
    return function () {
      try { return fn.apply(this, arguments); } catch (e) { /* never into the page */ }
    };
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function readCookie(name) {
    try {
      var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
      return m ? decodeURIComponent(m[1]) : null;
    } catch (e) {
      return null;
    }
  }

  function writeCookie(name, value, days) {
    var base = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '') + '; max-age=' + Math.round(days * DAY / 1000);
    if (domain === undefined) domain = siteDomain();
    d.cookie = base + (domain ? '; domain=' + domain : '');
  }

  // The widest domain that takes a cookie (shop.example.com -> example.com), so subdomains share the ids.
  function siteDomain() {
    var parts = location.hostname.split('.');
    if (/^[\d.]+$|:/.test(location.hostname)) return '';
    for (var i = parts.length - 2; i > 0; i--) {
      var candidate = parts.slice(i).join('.');
      d.cookie = 'omni_probe=1; path=/; domain=' + candidate;
      if (readCookie('omni_probe')) {
        d.cookie = 'omni_probe=; path=/; max-age=0; domain=' + candidate;
        return candidate;
      }
    }
    return '';
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function anonymousId() {
    var id = readCookie('omni_aid') || uuid();
    writeCookie('omni_aid', id, 365);
    return id;
  }

  // Meta's click id (fb.1.{ms}.{fbclid}) kept 90 days, refreshed only when the fbclid changes.
  function fbc() {
    var clid = param('fbclid'), current = readCookie('_fbc');
    if (clid && !(current && current.split('.').slice(3).join('.') === clid)) {
      current = 'fb.1.' + Date.now() + '.' + clid;
      writeCookie('_fbc', current, 90);
    }
    return current;
  }

  function fbp() {
    var current = readCookie('_fbp');
    if (!current) {
      current = 'fb.1.' + Date.now() + '.' + (1e9 + Math.floor(crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296 * 9e9));
      writeCookie('_fbp', current, 90);
    }
    return current;
  }

  function context() {
    var c = {
      url: location.href, path: location.pathname, title: d.title, locale: navigator.language,
      screen: screen.width + 'x' + screen.height
    };
    if (d.referrer) c.referrer = d.referrer;
    ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].forEach(function (k) {
      var v = param(k);
      if (v) c[k] = v;
    });
    return c;
  }

  // A JSON copy taken now: later changes by the page do not leak in, and a value JSON cannot hold fails here
  // instead of taking the whole batch down with it.
  function plain(value) {
    try {
      return value && typeof value === 'object' && !Array.isArray(value) ? JSON.parse(JSON.stringify(value)) : {};
    } catch (e) {
      return {};
    }
  }

  function record(type, name, properties, traits) {
    if (consent === 'denied') return;
    var e = {
      event_id: uuid(), type: type, name: String(name).slice(0, 200), properties: plain(properties), context: context(),
      timestamp: new Date().toISOString()
    };
    if (traits) e.traits = traits;
    if (consent === 'granted') release(e);
    else if (held.length < HELD_CAP) held.push(e);
  }

  // The event leaves the page: ids and Meta cookies are read (or made) now, after consent.
  function release(e) {
    e.anonymous_id = anonymousId();
    var click = fbc();
    if (click) e.context.fbc = click;
    e.context.fbp = fbp();
    if (e.type !== 'identify') {
      w.dataLayer = w.dataLayer || [];
      w.dataLayer.push(Object.assign({ event: e.name, omni_event_id: e.event_id }, e.properties));
      if (typeof w.fbq === 'function') {
        w.fbq(STANDARD.indexOf(e.name) >= 0 ? 'track' : 'trackCustom', e.name, e.properties, { eventID: e.event_id });
      }
    }
    buffer.push(e);
    if (buffer.length >= BATCH) flush();
    else if (!timer) timer = setTimeout(safe(flush), 1000);
  }

  function body(events) {
    return JSON.stringify({ write_key: cfg.write_key, sent_at: new Date().toISOString(), events: events });
  }

  function flush() {
    clearTimeout(timer);
    timer = 0;
    var batches = [];
    while (buffer.length) batches.push(buffer.splice(0, BATCH));
    batches.forEach(function (events) {
      send(events).then(function (ok) { if (!ok) keep(events); });
    });
  }

  // Resolves false when the events should be kept for later: offline, network error, 429 or 5xx.
  // Other 4xx are the payload's fault and are dropped; the server deduplicates a re-sent event_id.
  function send(events) {
    if (navigator.onLine === false) return Promise.resolve(false);
    var text = body(events);
    try {
      return fetch(endpoint, {
        method: 'POST', body: text, keepalive: text.length < 60000, credentials: 'omit',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' }
      }).then(function (r) {
        return r.status < 500 && r.status !== 429;
      }, function () { return false; });
    } catch (e) {
      return Promise.resolve(false);
    }
  }

  function stored() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY) || '[]'); } catch (e) { return []; }
  }

  function store(events) {
    try {
      if (events.length) localStorage.setItem(STORE_KEY, JSON.stringify(events.slice(-STORE_CAP)));
      else localStorage.removeItem(STORE_KEY);
    } catch (e) { /* storage full or blocked: the events are lost */ }
  }

  function keep(events) {
    if (consent !== 'granted') return;
    store(stored().concat(events));
    schedule();
  }

  function schedule() {
    clearTimeout(retryTimer);
    var delay = Math.min(300000, 1000 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(safe(retry), delay);
  }

  // Stored events go out oldest first and leave storage only once the API took them.
  function retry() {
    if (retrying || consent !== 'granted') return;
    var events = stored().slice(0, BATCH * 2);
    if (!events.length) return;
    retrying = true;
    send(events).then(function (ok) {
      retrying = false;
      if (!ok) return schedule();
      attempt = 0;
      var sent = events.map(function (e) { return e.event_id; });
      store(stored().filter(function (e) { return sent.indexOf(e.event_id) < 0; }));
      retry();
    });
  }

  // The page is going away: a beacon outlives it; what it could not take waits in storage.
  function leave() {
    if (!buffer.length) return;
    clearTimeout(timer);
    timer = 0;
    var events = buffer.splice(0);
    var blob = new Blob([body(events)], { type: 'text/plain;charset=UTF-8' });
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, blob))) keep(events);
  }

  function setConsent(granted) {
    if (granted == null) return;
    if (granted) {
      consent = 'granted';
      held.splice(0).forEach(release);
      retry();
    } else {
      consent = 'denied';
      held = [];
      buffer = [];
      store([]);
      if (readCookie('omni_aid')) writeCookie('omni_aid', '', -1);
    }
  }

  function onClick(ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest('[data-omni-event]') : null;
    if (!el) return;
    var props = {};
    Array.prototype.forEach.call(el.attributes, function (a) {
      if (a.name.indexOf('data-omni-') !== 0 || a.name === 'data-omni-event') return;
      // A number only when it reads back the same ("42", "9.5"), so "007" and "9.50" stay text.
      props[a.name.slice(10).replace(/-/g, '_')] = a.value !== '' && String(Number(a.value)) === a.value ? Number(a.value) : a.value;
    });
    record('track', el.getAttribute('data-omni-event'), props);
  }

  var api = {
    track: safe(function (name, properties) { if (name) record('track', name, properties); }),
    page: safe(function (name, properties) { record('page', name || 'PageView', properties); }),
    identify: safe(function (traits) {
      var t = {}, given = typeof traits === 'string' ? { external_id: traits } : plain(traits);
      TRAITS.forEach(function (k) { if (given[k] != null && given[k] !== '') t[k] = String(given[k]); });
      record('identify', 'Identify', {}, t);
    }),
    consent: safe(setConsent)
  };

  function call(args) {
    if (args && api[args[0]]) api[args[0]].apply(null, Array.prototype.slice.call(args, 1));
  }

  safe(function () {
    var queued = Array.isArray(omni.q) ? omni.q : [];
    Object.assign(omni, api);
    // Stub functions kept by the page push here: they reach the tracker directly.
    omni.q = { push: safe(call) };
    queued.forEach(safe(call));
    api.page();
    d.addEventListener('click', safe(onClick), true);
    w.addEventListener('pagehide', safe(leave));
    d.addEventListener('visibilitychange', safe(function () { if (d.visibilityState === 'hidden') flush(); }));
    w.addEventListener('online', safe(function () { attempt = 0; retry(); }));
    retry();
  })();
})();
