import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { Link, Outlet, useLocation } from 'react-router';
import { useSubscription } from 'urql';
import { graphql } from '../gql';
import { useMe } from '../lib/me';
import { session } from '../lib/session';
import { PAGES } from '../routes';

// Kept open while signed in: the server ends it when the session is revoked, and then so does the console.
const SessionWatch = graphql(`
  subscription ConsoleSessionWatch {
    deviceStatusChanged {
      deviceId
    }
  }
`);

export function Shell({ onSignOut }: { onSignOut: () => Promise<void> }) {
  const me = useMe();
  useSubscription({ query: SessionWatch });
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const pages = PAGES.filter((page) => page.nav && me.scopes.has(page.scope));
  const current = (path: string) =>
    path === '/' ? location.pathname === '/' : location.pathname.startsWith(path.replace(/\/:.*$/, ''));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              SMS gateway
            </Title>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {me.accountName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button component={Link} to="/profile" variant="subtle" size="compact-sm" visibleFrom="xs">
              {me.email} ({me.role})
            </Button>
            <Button
              variant="light"
              size="compact-sm"
              onClick={() => {
                void onSignOut();
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          {pages.map((page) => (
            <NavLink
              key={page.path}
              component={Link}
              to={page.path.replace(/\/:.*$/, '') || '/'}
              label={page.label}
              active={current(page.path)}
              aria-current={current(page.path) ? 'page' : undefined}
              onClick={close}
            />
          ))}
          {/* The header's email button (the way to the profile) has no room on a phone. */}
          <NavLink
            component={Link}
            to="/profile"
            label="My profile"
            hiddenFrom="xs"
            active={current('/profile')}
            aria-current={current('/profile') ? 'page' : undefined}
            onClick={close}
          />
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {/* Inside the router: a notification may hold a link to a page. */}
        <Notifications position="top-right" />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** Signs out on the server (ends the refresh token's session) and forgets the tokens here. */
export async function signOut(postSignOut: (refreshToken: string) => Promise<unknown>): Promise<void> {
  const refreshToken = session.refreshToken;
  if (refreshToken) await postSignOut(refreshToken).catch(() => undefined);
  session.end();
}
