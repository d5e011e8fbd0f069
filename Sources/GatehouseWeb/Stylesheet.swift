/// The pages' only stylesheet, served at `/static/gatehouse.css`. The Content-Security-Policy
/// (`style-src 'self'`) allows no inline styles, so every rule lives here.
public enum Stylesheet {
    public static let path = "/static/gatehouse.css"
    public static let contentType = "text/css; charset=utf-8"

    public static let css = """
        *, *::before, *::after { box-sizing: border-box; }

        :root {
          color-scheme: light dark;
          --background: #f3f4f6;
          --surface: #ffffff;
          --text: #1a1d21;
          --muted: #4b5563;
          --border: #6b7280;
          --divider: #d1d5db;
          --accent: #1d4ed8;
          --accent-hover: #1e40af;
          --on-accent: #ffffff;
          --focus: #1d4ed8;
          --alert-text: #7f1d1d;
          --alert-background: #fdecea;
          --alert-border: #b91c1c;
          --notice-text: #1e3a5f;
          --notice-background: #e8f1fb;
          --notice-border: #1d4ed8;
        }

        @media (prefers-color-scheme: dark) {
          :root {
            --background: #111418;
            --surface: #1b1f24;
            --text: #e8eaed;
            --muted: #b0b7c1;
            --border: #8a939e;
            --divider: #3a414a;
            --accent: #8ab4f8;
            --accent-hover: #aecbfa;
            --on-accent: #0d1117;
            --focus: #8ab4f8;
            --alert-text: #fecaca;
            --alert-background: #3b1616;
            --alert-border: #f87171;
            --notice-text: #cfe3fb;
            --notice-background: #14263d;
            --notice-border: #8ab4f8;
          }
        }

        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }

        body {
          margin: 0;
          min-height: 100vh;
          display: flex;
          flex-direction: column;
          background: var(--background);
          color: var(--text);
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
          font-size: 1rem;
          line-height: 1.5;
          overflow-wrap: anywhere;
        }

        a { color: var(--accent); text-underline-offset: 0.15em; }
        a:hover { color: var(--accent-hover); }

        :focus-visible {
          outline: 3px solid var(--focus);
          outline-offset: 2px;
        }

        .skip-link {
          position: absolute;
          left: 0.5rem;
          top: -4rem;
          padding: 0.5rem 1rem;
          background: var(--surface);
          color: var(--accent);
          border: 2px solid var(--accent);
          border-radius: 0.375rem;
          z-index: 10;
        }
        .skip-link:focus { top: 0.5rem; }

        .site-header {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          justify-content: space-between;
          gap: 0.5rem 1rem;
          padding: 0.75rem clamp(1rem, 4vw, 2rem);
          background: var(--surface);
          border-bottom: 1px solid var(--divider);
        }

        .product-name {
          margin: 0;
          font-size: 1.125rem;
          font-weight: 700;
        }

        .header-tools {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          gap: 0.5rem 1rem;
        }

        .language-selector {
          display: flex;
          align-items: center;
          gap: 0.375rem;
        }
        .language-selector a {
          display: inline-block;
          min-width: 2.75rem;
          padding: 0.25rem 0.5rem;
          text-align: center;
          font-weight: 600;
          border-radius: 0.25rem;
        }
        .language-selector a[aria-current="true"] {
          color: var(--text);
          text-decoration: none;
          background: var(--divider);
        }
        .language-selector .separator { color: var(--muted); }

        .sign-out { margin: 0; }

        .site-main {
          flex: 1 0 auto;
          display: flex;
          justify-content: center;
          align-items: flex-start;
          padding: clamp(1rem, 5vw, 3rem) clamp(0.75rem, 4vw, 2rem);
        }
        .site-main:focus { outline: none; }

        .card {
          width: 100%;
          max-width: 28rem;
          min-width: 0;
          padding: clamp(1.25rem, 5vw, 2rem);
          background: var(--surface);
          border: 1px solid var(--divider);
          border-radius: 0.75rem;
        }
        .card-wide { max-width: 44rem; }
        .account-section { margin: 1.5rem 0 0; border-top: 1px solid var(--divider); }
        .account-section > h2 { margin-top: 1.25rem; }
        .account-section .form { max-width: 28rem; }
        .account-section > h3 { margin: 1.25rem 0 0.375rem; font-size: 1rem; line-height: 1.3; }
        .card-section { margin: 1.5rem 0 0; border-top: 1px solid var(--divider); }
        .card-section > h2 { margin-top: 1.25rem; }
        .profile { margin: 0 0 1rem; }
        .profile-row { display: flex; flex-wrap: wrap; gap: 0 1rem; padding: 0.375rem 0; }
        .profile dt { flex: 0 0 11rem; min-width: 0; font-weight: 600; }
        .profile dd { flex: 1 1 14rem; min-width: 0; margin: 0; overflow-wrap: anywhere; }
        .pending-email { display: block; margin: 0.25rem 0 0; }
        .sessions { list-style: none; margin: 0 0 1rem; padding: 0; }
        .session { border-top: 1px solid var(--border, #d0d4dc); padding: 0.75rem 0; overflow-wrap: anywhere; }
        .session p { margin: 0.15rem 0; }
        .session-meta { color: var(--muted, #555); font-size: 0.9rem; }
        .badge { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; font-size: 0.8rem; background: var(--accent, #1d4ed8); color: var(--on-accent, #fff); }

        h1 {
          margin: 0 0 1rem;
          font-size: 1.5rem;
          line-height: 1.25;
        }
        h2 {
          margin: 1.25rem 0 0.5rem;
          font-size: 1.125rem;
          line-height: 1.3;
        }
        p { margin: 0 0 1rem; }

        .hint { color: var(--muted); font-size: 0.875rem; }

        .alert, .notice {
          margin: 0 0 1rem;
          padding: 0.75rem 1rem;
          border-left: 4px solid;
          border-radius: 0.25rem;
        }
        .alert p, .notice p { margin: 0; }
        .alert {
          color: var(--alert-text);
          background: var(--alert-background);
          border-color: var(--alert-border);
        }
        .notice {
          color: var(--notice-text);
          background: var(--notice-background);
          border-color: var(--notice-border);
        }

        .form { margin: 0 0 1rem; }

        .field { margin: 0 0 1rem; }
        .field label {
          display: block;
          margin-bottom: 0.25rem;
          font-weight: 600;
        }
        .field .hint { margin: 0 0 0.375rem; }

        .field-errors {
          margin: 0 0 0.375rem;
          padding: 0 0 0 1.25rem;
          color: var(--alert-text);
          font-weight: 600;
        }
        .field-errors li { margin: 0.125rem 0 0; }

        input[type="text"], input[type="password"], input[type="email"], select {
          display: block;
          width: 100%;
          min-width: 0;
          padding: 0.625rem 0.75rem;
          font: inherit;
          font-size: 1rem;
          color: var(--text);
          background: var(--surface);
          border: 1px solid var(--border);
          border-radius: 0.375rem;
        }

        input[aria-invalid="true"] { border: 2px solid var(--alert-border); }

        .code-input {
          font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
          font-size: 1.25rem;
          letter-spacing: 0.15em;
        }

        .checkbox-field {
          display: flex;
          align-items: flex-start;
          gap: 0.625rem;
          margin: 0 0 1rem;
        }
        .checkbox-field > div { min-width: 0; }
        .checkbox-field .hint { margin: 0.25rem 0 0; }
        .checkbox-field input {
          flex: none;
          width: 1.25rem;
          height: 1.25rem;
          margin: 0.125rem 0 0;
          accent-color: var(--accent);
        }

        .button {
          display: inline-block;
          width: 100%;
          padding: 0.625rem 1rem;
          font: inherit;
          font-weight: 600;
          text-align: center;
          text-decoration: none;
          color: var(--on-accent);
          background: var(--accent);
          border: 2px solid var(--accent);
          border-radius: 0.375rem;
          cursor: pointer;
        }
        .button:hover { color: var(--on-accent); background: var(--accent-hover); border-color: var(--accent-hover); }
        .button.button-secondary {
          color: var(--accent);
          background: transparent;
        }
        .button.button-secondary:hover { color: var(--accent-hover); background: transparent; }

        .button-link {
          padding: 0.25rem 0;
          font: inherit;
          color: var(--accent);
          background: none;
          border: none;
          text-decoration: underline;
          text-underline-offset: 0.15em;
          cursor: pointer;
        }

        .actions {
          display: flex;
          flex-wrap: wrap;
          gap: 0.75rem;
        }
        .actions .button { flex: 1 1 12rem; width: auto; }

        .links {
          margin: 1rem 0 0;
          padding: 0;
          list-style: none;
        }
        .links li { margin: 0.5rem 0 0; }

        .notes {
          margin: 1rem 0 0;
          padding: 0 0 0 1.25rem;
          color: var(--muted);
          font-size: 0.875rem;
        }
        .notes li { margin: 0.375rem 0 0; }

        .agreement {
          max-height: 50vh;
          min-height: 8rem;
          overflow-y: auto;
          margin: 0 0 0.5rem;
          padding: 0.75rem 1rem;
          border: 1px solid var(--border);
          border-radius: 0.375rem;
        }
        .agreement p { white-space: pre-line; }
        .agreement h2:first-child { margin-top: 0; }
        .agreement > :last-child { margin-bottom: 0; }

        .enrolment {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          gap: 1rem 1.5rem;
          margin: 0 0 1rem;
        }
        .qr-code {
          flex: none;
          width: 12rem;
          max-width: 100%;
          padding: 0.5rem;
          background: #ffffff;
          border: 1px solid var(--divider);
          border-radius: 0.375rem;
        }
        .qr-code svg { display: block; width: 100%; height: auto; }

        .secret { flex: 1 1 12rem; min-width: 0; margin: 0; }
        .secret dt { font-weight: 600; }
        .secret dd { margin: 0.25rem 0 0; }
        code, .secret-key, .backup-code code {
          font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        }
        .secret-key { font-size: 1.125rem; letter-spacing: 0.05em; }
        .secret-key span { white-space: nowrap; }

        .backup-code {
          padding: 1rem;
          text-align: center;
          border: 1px dashed var(--border);
          border-radius: 0.375rem;
        }
        .backup-code code { font-size: 1.5rem; letter-spacing: 0.15em; }

        .site-footer {
          padding: 1rem clamp(1rem, 4vw, 2rem);
          color: var(--muted);
          font-size: 0.875rem;
          text-align: center;
        }
        .site-footer p { margin: 0; }

        @media (forced-colors: active) {
          .button, .alert, .notice, .card { border: 1px solid CanvasText; }
        }

        """
}
