// Siaga110: without WebAssembly or module scripts, say so and show the other numbers. ES5 only
// (why: index.html).
(function (d) {
  try {
    if ('noModule' in d.createElement('script') &&
      WebAssembly.validate(Uint8Array.from(atob('AGFzbQEAAAABBgFgAAJ/fwMCAQAFAwEAAAYGAX8BQQALBwUBAWcDAAoZARcAQQBBAEEA/AoAANBw0cBDAAAAAPwACw=='), function (c) { return c.charCodeAt(0); }))) return;
  } catch (e) {}
  d.getElementById('nowasm').hidden = false;
  d.getElementById('fallback').hidden = false;
  d.querySelector('.loading').hidden = true;
})(document);
