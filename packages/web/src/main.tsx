import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import { FlashProvider } from './lib/flash';
import { SessionProvider } from './session/SessionProvider';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <FlashProvider>
          <App />
        </FlashProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
