/* loyalty e-shop tracking: page views, product views and cart changes, sent to the loyalty
 * platform that serves this file. No dependencies, nothing downloaded from anywhere else.
 *
 * <script>window.loyalty=window.loyalty||{q:[],track:function(){loyalty.q.push(["track",arguments])},
 *   identify:function(){loyalty.q.push(["identify",arguments])},consent:function(){loyalty.q.push(["consent",arguments])}};</script>
 * <script src="https://LOYALTY/t/track.js" data-key="pk_..." async></script>
 *
 * data-consent="required": nothing is stored or sent until loyalty.consent(true).
 * A browser asking not to be tracked (Do Not Track, Global Privacy Control) is never tracked.
 * docs/browsing.md says more. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-key][src*='/t/track.js']");
  if (!script) { return; }
  var key = script.getAttribute("data-key");
  var endpoint = new URL("/api/v1/track", script.src).href;
  var stub = window.loyalty || {};
  var queued = stub.q || [];
  var consentNeeded = script.getAttribute("data-consent") === "required";
  var hasConsent = !consentNeeded;
  var refused = navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true;
  var pending = [];
  var timer = null;
  var VID = "loyalty_vid";

  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += ("0" + bytes[i].toString(16)).slice(-2); }
    return text;
  }

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([A-Za-z0-9_-]{8,64})"));
    return match ? match[1] : null;
  }

  function visitorId() {
    var id = null;
    try { id = window.localStorage.getItem(VID); } catch (e) { id = null; }
    id = id || readCookie(VID);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) { id = randomId(); }
    try { window.localStorage.setItem(VID, id); } catch (e) { /* private mode: the cookie keeps it */ }
    // First-party, readable by the shop's server (it may send it to POST /api/v1/members/{id}/visitors).
    document.cookie = VID + "=" + id + "; path=/; max-age=31536000; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
    return id;
  }

  function attribution() {
    // The visit's source: the landing page's UTM parameters or an outside referrer, kept for the
    // rest of the visit (the tab's session) so a product view knows what brought it.
    var params = new URLSearchParams(location.search);
    var referrer = document.referrer || "";
    var outside = false;
    try { outside = referrer !== "" && new URL(referrer).host !== location.host; } catch (e) { outside = false; }
    var found = null;
    if (params.get("utm_source") || params.get("utm_campaign") || outside) {
      found = {utm_source: params.get("utm_source"), utm_medium: params.get("utm_medium"),
               utm_campaign: params.get("utm_campaign"), referrer: outside ? referrer : null};
      try { window.sessionStorage.setItem("loyalty_src", JSON.stringify(found)); } catch (e) { /* kept in memory */ }
      return found;
    }
    try { found = JSON.parse(window.sessionStorage.getItem("loyalty_src") || "null"); } catch (e) { found = null; }
    return found || {utm_source: null, utm_medium: null, utm_campaign: null, referrer: null};
  }

  var source = null;
  var visitor = null;

  function allowed() { return hasConsent && !refused && !!key; }

  function send(events, beacon) {
    var body = JSON.stringify({key: key, events: events});
    if (beacon && navigator.sendBeacon) {
      // text/plain: a simple request, so no CORS preflight
      if (navigator.sendBeacon(endpoint, new Blob([body], {type: "text/plain"}))) { return; }
    }
    var attempt = function (left) {
      fetch(endpoint, {method: "POST", body: body, keepalive: true, mode: "cors", credentials: "omit",
                       headers: {"Content-Type": "text/plain"}})
        .then(function (answer) {
          if (answer.status >= 500 && left > 0) { setTimeout(function () { attempt(left - 1); }, 2000); }
        })
        .catch(function () { if (left > 0) { setTimeout(function () { attempt(left - 1); }, 2000); } });
    };
    attempt(2);  // the same event ids: a retry is recorded once
  }

  function flush(beacon) {
    if (timer) { clearTimeout(timer); timer = null; }
    while (pending.length) { send(pending.splice(0, 50), beacon); }
  }

  function record(type, data) {
    if (!allowed()) { return; }
    visitor = visitor || visitorId();
    source = source || attribution();
    var event = {id: randomId(), type: type, visitor_id: visitor, occurred_at: new Date().toISOString(),
                 url: location.href, referrer: source.referrer, utm_source: source.utm_source,
                 utm_medium: source.utm_medium, utm_campaign: source.utm_campaign};
    data = data || {};
    if (type === "identify") { event.identity = String(data.identity || ""); }
    if (data.sku) {
      event.product = {sku: String(data.sku)};
      if (data.name) { event.product.name = String(data.name); }
      if (data.category) { event.product.category = String(data.category); }
      if (typeof data.price === "number") { event.product.price = Math.round(data.price); }
    }
    if (typeof data.quantity === "number") { event.quantity = Math.max(1, Math.round(data.quantity)); }
    pending.push(event);
    if (!timer) { timer = setTimeout(function () { flush(false); }, 300); }
  }

  var api = {
    q: [],
    track: function (type, data) { record(type, data); },
    identify: function (identity) { record("identify", {identity: identity}); },
    consent: function (given) {
      var before = hasConsent;
      hasConsent = given !== false;
      if (hasConsent && !before && script.getAttribute("data-auto") !== "false") { record("page_view"); }
    },
    visitorId: function () { return allowed() ? (visitor = visitor || visitorId()) : null; }
  };
  window.loyalty = api;
  window.addEventListener("pagehide", function () { flush(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(true); }
  });
  if (script.getAttribute("data-auto") !== "false") { record("page_view"); }
  for (var i = 0; i < queued.length; i++) {
    var call = queued[i];
    if (api[call[0]]) { api[call[0]].apply(api, Array.prototype.slice.call(call[1])); }
  }
}());
