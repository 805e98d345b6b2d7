// The member app's service worker (scope /app): keeps the app shell, and the last copy of the
// home page (balance) and the card page, so that offline the member still sees their card and
// their last known balance. Every other page is fetched from the network; offline it shows
// the offline page. Signing out (or a session that has ended) forgets the kept pages.
"use strict";

const SHELL = "loyalty-app-shell-v1";
const PAGES = "loyalty-app-pages";
const SHELL_FILES = [
  "/static/pages/pages.css",
  "/static/member_app/app.css",
  "/static/member_app/app.js",
  "/static/pages/vendor/htmx.min.js",
  "/app/icon.svg",
  "/app/icon-192.png",
  "/app/offline",
];
const KEPT_PAGES = ["/app", "/app/card"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("loyalty-app-shell-") && name !== SHELL)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()));
});

function forgetPages() {
  return caches.delete(PAGES);
}

async function page(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.redirected && new URL(response.url).pathname.startsWith("/app/sign-in")) {
      await forgetPages();  // the session has ended: nothing of the member's stays on the device
    } else if (response.ok && response.type === "basic" && KEPT_PAGES.includes(url.pathname)) {
      const cache = await caches.open(PAGES);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (offline) {
    const kept = await caches.match(url.pathname, {cacheName: PAGES});
    if (kept) {
      return kept;
    }
    return (await caches.match("/app/offline", {cacheName: SHELL})) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname === "/app/sign-out") {
    event.respondWith(forgetPages().then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate" && (url.pathname === "/app" || url.pathname.startsWith("/app/"))) {
    event.respondWith(page(request));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, {cacheName: SHELL}).then((hit) => hit || fetch(request)));
  }
});
