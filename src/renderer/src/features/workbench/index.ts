export { Workbench } from './Workbench';
export { useKeybindings } from './use-keybindings';
export { useTheme } from './use-theme';
