// App notifications on this device (web push), on the profile page: subscribes the browser with
// the server's VAPID public key (data-push-key) and posts the subscription to the server, or
// unsubscribes it. Both posts carry the session's CSRF token as X-CSRF-Token.
"use strict";

function applicationServerKey(base64url) {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(padded);
  return Uint8Array.from(raw, (character) => character.charCodeAt(0));
}

async function postForm(section, url, fields) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {"X-CSRF-Token": section.dataset.csrf, "Content-Type": "application/x-www-form-urlencoded"},
    body: new URLSearchParams(fields),
  });
  if (!response.ok) {
    throw new Error(`the server answered ${response.status}`);
  }
  return response.json();
}

function showPushState(section, subscribed, text) {
  document.getElementById("push-on").hidden = subscribed;
  document.getElementById("push-off").hidden = !subscribed;
  if (text !== undefined) {
    document.getElementById("push-status").textContent = text;
  }
}

async function setUpPushSettings() {
  const section = document.getElementById("push-settings");
  if (!section) {
    return;
  }
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  document.getElementById("push-unsupported").hidden = supported;
  if (!supported) {
    return;
  }
  const registration = await navigator.serviceWorker.register("/app/sw.js", {scope: "/app"});
  const existing = await registration.pushManager.getSubscription();
  showPushState(section, existing !== null && Notification.permission === "granted");

  document.getElementById("push-on").addEventListener("click", async () => {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        showPushState(section, false, section.dataset.blockedText);
        return;
      }
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: applicationServerKey(section.dataset.pushKey)});
      const keys = subscription.toJSON().keys || {};
      await postForm(section, "/app/push/subscriptions",
        {endpoint: subscription.endpoint, p256dh: keys.p256dh || "", auth: keys.auth || ""});
      showPushState(section, true, section.dataset.onText);
    } catch (failed) {
      showPushState(section, false, section.dataset.failedText);
    }
  });

  document.getElementById("push-off").addEventListener("click", async () => {
    try {
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await postForm(section, "/app/push/unsubscribe", {endpoint: subscription.endpoint});
        await subscription.unsubscribe();
      }
      showPushState(section, false, section.dataset.offText);
    } catch (failed) {
      showPushState(section, true, section.dataset.failedText);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpPushSettings().catch(() => {});
});
