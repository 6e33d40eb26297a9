/* Check-in page: camera scanning as progressive enhancement.

   Without this script (or without a camera) the page works by typing the ticket code.
   Where the browser offers the BarcodeDetector API with QR codes and a camera
   (getUserMedia, secure context), a button turns the camera on; the first QR code seen is
   written into the code field and the same form is submitted, with the nonce the server
   put into it, so a resent scan counts once. After the page has reloaded with the result,
   the camera comes back on by itself until it is switched off (sessionStorage).
   The texts come from the page (data-* attributes), translated there. */
(function () {
  "use strict";

  var STORAGE_KEY = "industriedialog.checkin.camera";
  var LAST_KEY = "industriedialog.checkin.last";
  // The ticket just scanned is usually still in front of the camera when the page with
  // its result comes back: the same code is ignored for a while, not scanned again.
  var SAME_CODE_PAUSE_MS = 8000;
  var form = document.querySelector("[data-checkin-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=code]");
  var submit = form.querySelector("button[type=submit]");
  var camera = document.querySelector("[data-camera]");
  var noCamera = document.querySelector("[data-no-camera]");
  var startButton = document.querySelector("[data-camera-start]");
  var stopButton = document.querySelector("[data-camera-stop]");
  var video = document.querySelector("[data-camera-video]");
  var status = document.querySelector("[data-camera-status]");
  var stream = null;
  var detector = null;
  var submitting = false;

  // One submission per rendered form: a double tap sends nothing twice.
  form.addEventListener("submit", function (event) {
    if (submitting) {
      event.preventDefault();
      return;
    }
    submitting = true;
    if (submit) {
      submit.setAttribute("aria-disabled", "true");
    }
  });

  function say(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  function remember(on) {
    try {
      if (on) {
        window.sessionStorage.setItem(STORAGE_KEY, "on");
      } else {
        window.sessionStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      /* storage may be disabled; the camera then just stays off after a scan */
    }
  }

  function wanted() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY) === "on";
    } catch (error) {
      return false;
    }
  }

  function lastScan() {
    try {
      return JSON.parse(window.sessionStorage.getItem(LAST_KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function justScanned(value) {
    var last = lastScan();
    return Boolean(last && last.code === value && Date.now() - last.at < SAME_CODE_PAUSE_MS);
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    }
    stream = null;
    if (video) {
      video.srcObject = null;
      video.hidden = true;
    }
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  function found(value) {
    stop();
    remember(true);
    try {
      window.sessionStorage.setItem(LAST_KEY, JSON.stringify({ code: value, at: Date.now() }));
    } catch (error) {
      /* without storage the same ticket may be scanned again: "Bereits eingecheckt" */
    }
    input.value = value;
    say(camera.dataset.msgFound);
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function scan() {
    if (!stream || !detector) {
      return;
    }
    if (video.readyState < 2) {
      window.setTimeout(scan, 150);
      return;
    }
    detector
      .detect(video)
      .then(function (codes) {
        var code = codes
          .map(function (item) {
            return (item.rawValue || "").trim();
          })
          .find(function (value) {
            return value && !justScanned(value);
          });
        if (code) {
          found(code);
        } else {
          window.setTimeout(scan, 150);
        }
      })
      .catch(function () {
        window.setTimeout(scan, 300);
      });
  }

  function start() {
    say(camera.dataset.msgStarting);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
      .then(function (media) {
        stream = media;
        detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
        video.srcObject = media;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        remember(true);
        say(camera.dataset.msgRunning);
        return video.play().then(scan);
      })
      .catch(function (error) {
        stop();
        remember(false);
        say(
          error && error.name === "NotAllowedError"
            ? camera.dataset.msgDenied
            : camera.dataset.msgUnavailable
        );
      });
  }

  function supported() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.resolve(false);
    }
    var formats = window.BarcodeDetector.getSupportedFormats;
    if (typeof formats !== "function") {
      return Promise.resolve(true);
    }
    return formats
      .call(window.BarcodeDetector)
      .then(function (list) {
        return list.indexOf("qr_code") !== -1;
      })
      .catch(function () {
        return false;
      });
  }

  // The live count: other doors scan the same session, so it is fetched again now and
  // then while the page is in view (the text comes translated from the server).
  var count = document.querySelector("[data-checkin-count]");
  var COUNT_EVERY_MS = 10000;
  function refreshCount() {
    if (document.visibilityState !== "visible" || !window.fetch) {
      return;
    }
    window
      .fetch(count.dataset.checkinCount, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.text && count.textContent !== data.text) {
          count.textContent = data.text;
        }
      })
      .catch(function () {
        /* offline for a moment: the count stays as it is */
      });
  }
  if (count && count.dataset.checkinCount) {
    window.setInterval(refreshCount, COUNT_EVERY_MS);
    document.addEventListener("visibilitychange", refreshCount);
  }

  if (!camera || !startButton || !stopButton || !video || !input) {
    return;
  }
  supported().then(function (ok) {
    if (!ok) {
      if (noCamera) {
        noCamera.hidden = false;
      }
      return;
    }
    camera.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", function () {
      stop();
      remember(false);
      say(camera.dataset.msgStopped);
      input.focus();
    });
    if (wanted()) {
      // Scanning with the camera: no on-screen keyboard over the result.
      input.blur();
      start();
    }
  });
})();
