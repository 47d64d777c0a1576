/** The id of the MCP Servers section in Settings, for the palette command. */
export const MCP_SETTINGS_ID = 'settings-mcp';

/** Scrolls Settings to the MCP Servers section once it has rendered. */
export function scrollToMcpSettings(): void {
  requestAnimationFrame(() => document.getElementById(MCP_SETTINGS_ID)?.scrollIntoView({ block: 'start' }));
}
