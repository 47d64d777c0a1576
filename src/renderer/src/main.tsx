import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './contributions';
import './styles.css';

// A file dropped outside a drop zone must never navigate the window to it.
for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (event) => event.preventDefault());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
