// The app shell: top bar and the routed page.
import { useRoute } from './lib/route.js';
import { ExecutionPage } from './pages/execution-page.js';
import { ExecutionsPage } from './pages/executions-page.js';

export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <header className="topbar">
        <a href="#/" className="brand">
          tokenfold
        </a>
      </header>
      <main>
        {route.page === 'execution' ? (
          <ExecutionPage key={route.id} id={route.id} tab={route.tab} />
        ) : (
          <ExecutionsPage />
        )}
      </main>
    </div>
  );
}
