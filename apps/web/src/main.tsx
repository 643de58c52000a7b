import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { StatusProvider } from './components/status';
import { initI18n } from './i18n/i18n';
import { SessionProvider } from './session/session-context';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

initI18n()
  .then(() => {
    createRoot(root).render(
      <StrictMode>
        <StatusProvider>
          <SessionProvider>
            <App />
          </SessionProvider>
        </StatusProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    console.error(error);
    root.textContent = 'Vigil could not start. / Vigil n’a pas pu démarrer.';
  });
