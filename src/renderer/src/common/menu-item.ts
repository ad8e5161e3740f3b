/** One entry of a context or Actions menu. */
export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
  /** Why the item is disabled, shown under its label. */
  hint?: string;
  /** A submenu (the VM menu's Power): choosing the item opens it instead of running anything. */
  children?: MenuItem[];
  run: () => void;
}
