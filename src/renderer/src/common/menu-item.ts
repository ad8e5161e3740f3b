/** One entry of a context or Actions menu. */
export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
  /** Why the item is disabled, shown under its label. */
  hint?: string;
  run: () => void;
}
