// Every feature's contributions, registered once at start. A new feature adds one line here.
import './features/workbench/contribution';
import './features/notifications/contribution';
import './features/palette/contribution';
import './features/explorer/contribution';
import './features/search/contribution';
import './features/git/contribution';
import './features/editor/contribution';
import './features/agent/contribution';
import './features/workflow/contribution';
import './features/board/contribution';
import './features/terminal/contribution';
import './features/panel/contribution';
import './features/settings/contribution';
import './features/models/contribution';
import './features/mcp/contribution';
