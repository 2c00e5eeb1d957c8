// Siaga110 launcher for police websites: a "Darurat? Panggil 110" button that opens the full app
// in a new tab (default) or as an overlay on the page. A manifest inside an iframe is ignored and
// storage in third-party iframes is partitioned, so the full app in its own tab is the better
// home; the overlay keeps the visitor on the page.
//
//   <script src="https://SIAGA110-HOST/launcher.js" defer></script>
//   <siaga110-launcher mode="tab" lang="id"></siaga110-launcher>      (mode: tab | overlay)
//
// Without JavaScript, put a plain link inside the element; it is kept as the fallback:
//   <siaga110-launcher><a href="https://SIAGA110-HOST/">Darurat? Panggil 110</a></siaga110-launcher>
// The launcher itself never dials and sends nothing; the app's own call button does the calling.
(() => {
  const script = document.currentScript;
  const base = new URL('./', script ? script.src : location.href).href;
  const TEXT = {
    id: { open: 'Darurat? Panggil 110', close: 'Tutup Siaga110', title: 'Siaga110 — panggil polisi 110' },
    en: { open: 'Emergency? Call 110', close: 'Close Siaga110', title: 'Siaga110 — call the police on 110' },
  };
  const CSS = `
    :host { display: inline-block; }
    button { font: inherit; font-weight: 700; font-size: 1.1rem; min-height: 3rem; padding: .6rem 1.2rem;
      border: 0; border-radius: .6rem; background: #8a0015; color: #fff; cursor: pointer; }
    button:focus-visible { outline: 3px solid #1565c0; outline-offset: 2px; }
    .overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.6);
      display: flex; flex-direction: column; align-items: center; padding: .5rem; }
    .overlay button { margin: 0 0 .5rem; background: #fff; color: #111; }
    iframe { flex: 1; width: 100%; max-width: 480px; border: 0; border-radius: .75rem; background: #fff; }
  `;
  class Siaga110Launcher extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const lang = this.getAttribute('lang') === 'en' ? 'en' : 'id';
      const t = TEXT[lang];
      const app = new URL(this.getAttribute('app') || base);
      app.searchParams.set('lang', lang);
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = CSS;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t.open;
      button.part = 'button';
      button.dataset.testid = 'launcher';
      root.append(style, button);
      button.addEventListener('click', () => {
        if (this.getAttribute('mode') === 'overlay') this.overlay(app, t, root, button);
        else window.open(app.href, '_blank', 'noopener');
      });
    }
    overlay(app, t, root, opener) {
      const layer = document.createElement('div');
      layer.className = 'overlay';
      layer.setAttribute('role', 'dialog');
      layer.setAttribute('aria-label', t.title);
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = t.close;
      close.dataset.testid = 'launcher-close';
      const frame = document.createElement('iframe');
      frame.src = app.href;
      frame.title = t.title;
      frame.allow = 'geolocation';
      frame.dataset.testid = 'launcher-frame';
      const shut = () => {
        layer.remove();
        opener.focus();
      };
      close.addEventListener('click', shut);
      layer.addEventListener('keydown', (e) => e.key === 'Escape' && shut());
      layer.append(close, frame);
      root.append(layer);
      close.focus();
    }
  }
  if (!customElements.get('siaga110-launcher')) customElements.define('siaga110-launcher', Siaga110Launcher);
})();
