import type { ComponentType } from 'react';
import type { Scope } from './lib/me';

/** A page of the console: where it is, what the navigation calls it, and what a user needs to see it. */
export interface PageDef {
  path: string;
  label: string;
  /** Without it a user cannot open the page: the link is hidden and a forced URL says "not allowed". */
  scope: Scope;
  /** Listed in the navigation (detail pages are reached from their list). */
  nav?: boolean;
  load: () => Promise<{ default: ComponentType }>;
}

// Each page is its own chunk: the first load carries the shell only (scripts/check-bundle-size.js).
export const PAGES: PageDef[] = [
  { path: '/', label: 'Dashboard', scope: 'messages:read', nav: true, load: () => import('./pages/dashboard') },
  { path: '/messages', label: 'Messages', scope: 'messages:read', nav: true, load: () => import('./pages/messages') },
  { path: '/messages/:id', label: 'Message', scope: 'messages:read', load: () => import('./pages/message') },
  { path: '/send', label: 'Send', scope: 'messages:send', nav: true, load: () => import('./pages/send') },
  {
    path: '/conversations/:number?',
    label: 'Conversations',
    scope: 'messages:read',
    nav: true,
    load: () => import('./pages/conversations'),
  },
  {
    path: '/campaigns',
    label: 'Campaigns',
    scope: 'messages:read',
    nav: true,
    load: () => import('./pages/campaigns'),
  },
  {
    path: '/campaigns/new',
    label: 'New campaign',
    scope: 'messages:send',
    load: () => import('./pages/campaign-new'),
  },
  { path: '/campaigns/:id', label: 'Campaign', scope: 'messages:read', load: () => import('./pages/campaign') },
  {
    path: '/templates',
    label: 'Templates',
    scope: 'messages:send',
    nav: true,
    load: () => import('./pages/templates'),
  },
  { path: '/phones', label: 'Phones', scope: 'devices:read', nav: true, load: () => import('./pages/phones') },
  { path: '/routes', label: 'Routes', scope: 'admin', nav: true, load: () => import('./pages/routes') },
  { path: '/carriers', label: 'Carriers', scope: 'admin', nav: true, load: () => import('./pages/carriers') },
  {
    path: '/opt-outs',
    label: 'Opt-outs',
    scope: 'suppressions:read',
    nav: true,
    load: () => import('./pages/opt-outs'),
  },
  { path: '/webhooks', label: 'Webhooks', scope: 'webhooks:write', nav: true, load: () => import('./pages/webhooks') },
  { path: '/users', label: 'Users', scope: 'admin', nav: true, load: () => import('./pages/users') },
  { path: '/api-clients', label: 'API clients', scope: 'admin', nav: true, load: () => import('./pages/api-clients') },
  { path: '/audit', label: 'Audit log', scope: 'admin', nav: true, load: () => import('./pages/audit') },
  { path: '/settings', label: 'Settings', scope: 'devices:read', nav: true, load: () => import('./pages/settings') },
  { path: '/profile', label: 'My profile', scope: 'messages:read', load: () => import('./pages/profile') },
];
