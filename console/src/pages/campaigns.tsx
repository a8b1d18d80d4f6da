import { Anchor, Badge, Button, Group, Loader, Progress, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { Pager, useKeysetPages } from '../components/pager';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import { CAMPAIGN_STATE_COLORS, formatTime, recipientsOf } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf } from '../lib/problem';

const Campaigns = graphql(`
  query ConsoleCampaigns($after: String) {
    campaigns(first: 25, after: $after) {
      edges {
        node {
          id
          name
          state
          startAt
          launchedAt
          finishedAt
          createdAt
          counts {
            total
            pending
            queued
            sent
            delivered
            failed
            canceled
            suppressed
            invalid
            duplicates
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** States whose numbers still move: the list looks again every few seconds while one is shown. */
const LIVE = ['scheduled', 'running', 'paused'];

export default function CampaignsPage() {
  const canSend = useCan('messages:send');
  const pages = useKeysetPages();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: Campaigns, variables: { after: pages.after } });
  const rows = data?.campaigns.edges.map((e) => e.node) ?? [];
  const live = rows.some((c) => LIVE.includes(c.state));
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 3000);
    return () => clearInterval(timer);
  }, [live, reexecute]);

  return (
    <>
      <PageHeader
        title="Campaigns"
        actions={
          canSend && (
            <Button component={Link} to="/campaigns/new">
              New campaign
            </Button>
          )
        }
      />
      <Stack>
        <Text size="sm" c="dimmed">
          A campaign sends one text, filled in per recipient, to a list uploaded as CSV: at a pace, outside quiet hours
          in each recipient&apos;s time zone, from a start time. Choose one to follow it live.
        </Text>
        {error && <ProblemAlert problem={problemOf(error)} title="The campaigns could not be loaded" />}
        {!data && fetching && <Loader aria-label="Loading campaigns" />}
        {data && rows.length === 0 && (
          <Text c="dimmed">{canSend ? 'No campaigns yet: start one with New campaign.' : 'No campaigns yet.'}</Text>
        )}
        {rows.length > 0 && (
          <TableScroll label="Campaigns" minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Campaigns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Delivered</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Started</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => {
                  const recipients = recipientsOf(c.counts);
                  const share = recipients > 0 ? (c.counts.delivered / recipients) * 100 : 0;
                  return (
                    <Table.Tr key={c.id} data-campaign={c.name}>
                      <Table.Td maw={260}>
                        <Anchor component={Link} to={`/campaigns/${c.id}`} fw={600} size="sm">
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={CAMPAIGN_STATE_COLORS[c.state] ?? 'gray'} miw="max-content">
                          {c.state}
                        </Badge>
                      </Table.Td>
                      <Table.Td miw={180}>
                        <Group gap="xs" wrap="nowrap">
                          <Progress
                            value={share}
                            color="green"
                            size="md"
                            w={100}
                            aria-label={`${c.name}: ${c.counts.delivered} of ${recipients} delivered`}
                          />
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="campaign-delivered">
                            {c.counts.delivered} / {recipients}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{formatTime(c.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">
                          {c.state === 'scheduled' && c.startAt
                            ? `scheduled for ${formatTime(c.startAt)}`
                            : c.launchedAt
                              ? formatTime(c.launchedAt)
                              : '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        <Pager
          pages={pages}
          hasNextPage={data?.campaigns.pageInfo.hasNextPage ?? false}
          endCursor={data?.campaigns.pageInfo.endCursor}
          label="Campaign pages"
        />
      </Stack>
    </>
  );
}
