import { defineStore } from 'pinia';
import { ref, watchEffect } from 'vue';

const THEME_KEY = 'vmlab-theme';

/** Light or dark, as Clarity themes it (cds-theme on body); remembered between runs. */
export const useThemeStore = defineStore('theme', () => {
  const theme = ref<'light' | 'dark'>(localStorage.getItem(THEME_KEY) === 'dark' ? 'dark' : 'light');
  watchEffect(() => {
    document.body.setAttribute('cds-theme', theme.value);
    localStorage.setItem(THEME_KEY, theme.value);
  });
  const toggle = (): void => {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  };
  return { theme, toggle };
});
