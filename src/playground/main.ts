// The playground: one engine host, handed to the app shell, which hands it to each view.
import { defineElements } from './elements';
import { EngineHost } from './state/engine-host';
import { installTestHooks } from './test-hooks';

defineElements();
const host = new EngineHost();
const app = document.querySelector('mfs-app');
if (app) app.host = host;
installTestHooks(host);
void host.start();
