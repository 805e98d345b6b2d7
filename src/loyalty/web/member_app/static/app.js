// The member app's page script: installs the service worker, says when the page is an offline
// copy, and shares the referral link (the system's share sheet, or else the clipboard).
"use strict";

if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/app/sw.js", {scope: "/app"}).catch(() => {});
  });
}

function showOfflineState() {
  const banner = document.getElementById("offline-banner");
  if (banner) {
    banner.hidden = navigator.onLine;
  }
}
window.addEventListener("online", showOfflineState);
window.addEventListener("offline", showOfflineState);
document.addEventListener("DOMContentLoaded", showOfflineState);

// On a phone the menu is one sideways-scrolling row: the current screen's item is brought into it.
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector(".app-nav a[aria-current='page']");
  const row = current && current.closest("ul");
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = current.parentElement.offsetLeft - row.offsetLeft - 8;
  }
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-share-url]");
  if (!button) {
    return;
  }
  const url = button.dataset.shareUrl;
  const status = document.getElementById(button.getAttribute("aria-controls"));
  if (navigator.share) {
    try {
      await navigator.share({title: button.dataset.shareTitle || document.title, url: url});
      return;
    } catch (cancelled) {
      if (cancelled && cancelled.name === "AbortError") {
        return;
      }
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    if (status) {
      status.textContent = button.dataset.copied;
    }
  } catch (refused) {
    const field = document.getElementById("referral-link");
    if (field) {
      field.select();
    }
    if (status) {
      status.textContent = button.dataset.copyYourself;
    }
  }
});
