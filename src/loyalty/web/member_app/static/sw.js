// The member app's service worker (scope /app): keeps the app shell, and the last copy of the
// home page (balance) and the card page, so that offline the member still sees their card and
// their last known balance. Every other page is fetched from the network; offline it shows
// the offline page. Signing out (or a session that has ended) forgets the kept pages.
// It also shows the app's notifications (web push) and opens the app on a click; signing out
// unsubscribes this device, so the next person using it gets none of the member's notifications.
"use strict";

const SHELL = "loyalty-app-shell-v2";
const PAGES = "loyalty-app-pages";
const SHELL_FILES = [
  "/static/pages/pages.css",
  "/static/member_app/app.css",
  "/static/member_app/app.js",
  "/static/pages/vendor/htmx.min.js",
  "/app/icon.svg",
  "/app/icon-192.png",
  "/static/member_app/push.js",
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

async function forgetMember() {
  const subscription = await self.registration.pushManager.getSubscription().catch(() => null);
  if (subscription) {
    await subscription.unsubscribe().catch(() => false);
  }
  await forgetPages();
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
    event.respondWith(forgetMember().then(() => fetch(request)));
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

// A notification's payload (JSON, encrypted by the server for this browser): title, body, the
// app page to open (a path under /app), and a tag so a newer notice replaces an older one.
self.addEventListener("push", (event) => {
  let data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (notJson) {
      data = {body: event.data.text()};
    }
  }
  event.waitUntil(self.registration.showNotification(data.title || "", {
    body: data.body || "",
    icon: "/app/icon-192.png",
    badge: "/app/icon-192.png",
    tag: data.tag || undefined,
    lang: data.lang || undefined,
    data: {url: data.url || "/app/messages"},
  }));
});

function appPage(url) {
  const target = new URL(url || "/app", self.location.origin);
  if (target.origin !== self.location.origin || !(target.pathname === "/app" || target.pathname.startsWith("/app/"))) {
    return new URL("/app", self.location.origin).href;  // a notification only ever opens the app
  }
  return target.href;
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = appPage(event.notification.data && event.notification.data.url);
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
    const open = windows.find((client) => new URL(client.url).pathname.startsWith("/app") && "focus" in client);
    if (open) {
      return open.focus().then((client) => (client && "navigate" in client ? client.navigate(target) : client));
    }
    return self.clients.openWindow(target);
  }));
});
