// Clarity's design tokens (colours, spacing, the dark theme) that @clr/ui's styles refer to.
import '@cds/core/styles/module.tokens.css';
import '@cds/core/styles/theme.dark.min.css';
import '@clr/ui/clr-ui.min.css';
import './styles/app.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).use(createPinia()).mount('#app');
