import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notify } from '../components/notify';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmDialog } from '../components/confirm';
import { PageHeader, ProblemAlert } from '../components/page';
import { Pager, useKeysetPages } from '../components/pager';
import { graphql } from '../gql';
import { formatTime } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf, type Problem } from '../lib/problem';
import { download, NETWORK_PROBLEM, problemOfResponse, rest } from '../lib/rest';

const Suppressions = graphql(`
  query ConsoleSuppressions($phoneNumber: String, $reason: String, $after: String) {
    suppressions(first: 25, phoneNumber: $phoneNumber, reason: $reason, after: $after) {
      edges {
        node {
          id
          phoneNumber
          reason
          sourceMessageId
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Add = graphql(`
  mutation ConsoleAddSuppression($input: AddSuppressionInput!) {
    addSuppression(input: $input) {
      id
      phoneNumber
    }
  }
`);

const Remove = graphql(`
  mutation ConsoleRemoveSuppression($input: RemoveSuppressionInput!) {
    removeSuppression(input: $input)
  }
`);

const Inbound = graphql(`
  subscription ConsoleOptOutsInbound {
    inboundMessageReceived {
      id
    }
  }
`);

const Statuses = graphql(`
  subscription ConsoleOptOutsStatuses {
    messageStatusChanged {
      messageId
      status
    }
  }
`);

/**
 * A STOP arriving at a phone is stored (and announced) before the opt-out is written; the opt-out
 * is written before the gateway queues its answer to the sender. So after an SMS arrives, the list
 * is read again at once and on the status events that follow for a short while.
 */
function useLiveOptOuts(reload: () => void): void {
  const [inbound] = useSubscription({ query: Inbound });
  const [statuses] = useSubscription({ query: Statuses });
  const watchUntil = useRef(0);
  const arrival = inbound.data?.inboundMessageReceived.id;
  useEffect(() => {
    if (!arrival) return;
    watchUntil.current = Date.now() + 15_000;
    reload();
  }, [arrival, reload]);
  useEffect(() => {
    if (statuses.data && Date.now() < watchUntil.current) reload();
  }, [statuses.data, reload]);
}

const REASONS = [
  { value: 'keyword', label: 'Replied STOP' },
  { value: 'manual', label: 'Added by hand' },
  { value: 'import', label: 'Imported' },
  { value: 'carrier', label: 'Reported by a carrier' },
];
const REASON_LABEL = Object.fromEntries(REASONS.map((r) => [r.value, r.label]));
const REASON_COLORS: Record<string, string> = { keyword: 'indigo', manual: 'gray', import: 'cyan', carrier: 'orange' };

interface ImportReport {
  imported: number;
  duplicates: number;
  invalidCount: number;
  invalid: { line: number; value: string; code: string }[];
}

function AddNumber({ onAdded }: { onAdded: () => void }) {
  const [number, setNumber] = useState('');
  const [{ fetching, error }, add] = useMutation(Add);
  const problem = problemOf(error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void add({ input: { phoneNumber: number.trim() } }).then((result) => {
          if (result.data) {
            notify({ color: 'green', message: `${result.data.addSuppression.phoneNumber} is opted out` });
            setNumber('');
            onAdded();
          }
        });
      }}
    >
      <Stack gap="xs">
        {problem && !problem.fields.phoneNumber && <ProblemAlert problem={problem} title="Not added" />}
        <TextInput
          label="Add a number"
          description="In international format, e.g. +4915123456789"
          placeholder="+49…"
          autoComplete="off"
          required
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={problem?.fields.phoneNumber}
          maw={520}
          inputContainer={(input) => (
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <div style={{ flex: 1 }}>{input}</div>
              <Button type="submit" loading={fetching}>
                Add
              </Button>
            </Group>
          )}
        />
      </Stack>
    </form>
  );
}

function CsvActions({ canWrite, onImported }: { canWrite: boolean; onImported: () => void }) {
  const [busy, setBusy] = useState<'import' | 'export'>();
  const [report, setReport] = useState<ImportReport>();
  const [problem, setProblem] = useState<Problem>();

  const exportCsv = async () => {
    setBusy('export');
    setProblem(undefined);
    setProblem(await download('/v1/suppressions/export', `opt-outs-${new Date().toISOString().slice(0, 10)}.csv`));
    setBusy(undefined);
  };

  const importCsv = async (file: File | null) => {
    if (!file) return;
    setBusy('import');
    setProblem(undefined);
    setReport(undefined);
    try {
      const res = await rest('/v1/suppressions/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: await file.text(),
      });
      if (!res.ok) {
        setProblem(await problemOfResponse(res));
        return;
      }
      setReport((await res.json()) as ImportReport);
      onImported();
    } catch {
      setProblem(NETWORK_PROBLEM);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" loading={busy === 'export'} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
        {canWrite && (
          <FileButton accept=".csv,text/csv" onChange={(file) => void importCsv(file)}>
            {(props) => (
              <Button variant="default" loading={busy === 'import'} {...props}>
                Import CSV
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      <ProblemAlert problem={problem} title="The CSV could not be handled" />
      {report && (
        <Alert
          color={report.invalidCount > 0 ? 'yellow' : 'green'}
          title="Import finished"
          // Yellow and green titles are under AA contrast on their light background.
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
          withCloseButton
          closeButtonLabel="Dismiss the import result"
          onClose={() => setReport(undefined)}
          data-testid="import-report"
        >
          <Text size="sm">
            {report.imported} added, {report.duplicates} already on the list, {report.invalidCount} invalid.
          </Text>
          {report.invalid.length > 0 && (
            <List size="sm" mt={4}>
              {report.invalid.map((row) => (
                <List.Item key={row.line}>
                  Line {row.line}: “{row.value}” is not a valid number
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}

export default function OptOutsPage() {
  const canWrite = useCan('suppressions:write');
  const canReadMessages = useCan('messages:read');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<{ phoneNumber: string | null; reason: string | null }>({
    phoneNumber: null,
    reason: null,
  });
  const pages = useKeysetPages();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: Suppressions,
    variables: { ...filter, after: pages.after },
  });
  const [removing, setRemoving] = useState<string>();
  const [removal, remove] = useMutation(Remove);
  const listProblem = problemOf(error);
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useLiveOptOuts(reload);
  const rows = data?.suppressions.edges.map((e) => e.node) ?? [];

  return (
    <>
      <PageHeader title="Opt-outs" />
      <Stack>
        <Text size="sm">
          Numbers here get no messages: a send to them is refused with RECIPIENT_OPTED_OUT. A recipient who replies STOP
          is added by itself; the texts the gateway replies with are on the{' '}
          <Anchor component={Link} to="/settings">
            Settings page
          </Anchor>
          .
        </Text>
        <Paper withBorder p="md">
          <Stack>
            {canWrite && <AddNumber onAdded={reload} />}
            <CsvActions canWrite={canWrite} onImported={reload} />
          </Stack>
        </Paper>

        <form
          onSubmit={(e) => {
            e.preventDefault();
            pages.reset();
            setFilter((f) => ({ ...f, phoneNumber: search.trim() || null }));
          }}
        >
          <Group align="flex-start" gap="xs">
            <TextInput
              label="Search by number"
              placeholder="+4915123456789"
              type="search"
              inputContainer={(input) => (
                <Group gap="xs" wrap="nowrap" align="flex-end">
                  <div style={{ flex: 1 }}>{input}</div>
                  <Button type="submit" variant="light">
                    Search
                  </Button>
                </Group>
              )}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                // Emptied: the whole list again without another press.
                if (e.currentTarget.value === '' && filter.phoneNumber) {
                  pages.reset();
                  setFilter((f) => ({ ...f, phoneNumber: null }));
                }
              }}
              error={filter.phoneNumber ? listProblem?.fields.phoneNumber : undefined}
              style={{ flex: '1 1 14rem' }}
            />
            <Select
              label="Reason"
              placeholder="Any reason"
              clearable
              data={REASONS}
              value={filter.reason}
              onChange={(reason) => {
                pages.reset();
                setFilter((f) => ({ ...f, reason }));
              }}
              style={{ flex: '1 1 12rem' }}
            />
          </Group>
        </form>

        {listProblem && !listProblem.fields.phoneNumber && <ProblemAlert problem={listProblem} />}

        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label="Opted-out numbers" aria-busy={fetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Added</Table.Th>
                {canWrite && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={canWrite ? 4 : 3}>
                    <Text c="dimmed" size="sm">
                      {filter.phoneNumber || filter.reason ? 'No number matches.' : 'No one has opted out yet.'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.phoneNumber}</Table.Td>
                  <Table.Td>
                    <Badge color={REASON_COLORS[s.reason] ?? 'gray'} miw="max-content">
                      {REASON_LABEL[s.reason] ?? s.reason}
                    </Badge>
                    {s.sourceMessageId && canReadMessages && (
                      <Anchor
                        component={Link}
                        to={`/conversations/${encodeURIComponent(s.phoneNumber)}`}
                        size="xs"
                        display="block"
                      >
                        See the conversation
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>{formatTime(s.createdAt)}</Table.Td>
                  {canWrite && (
                    <Table.Td ta="right">
                      <ActionIcon
                        variant="subtle"
                        color="red.9"
                        aria-label={`Remove ${s.phoneNumber}`}
                        onClick={() => setRemoving(s.phoneNumber)}
                      >
                        <span aria-hidden>✕</span>
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager
          pages={pages}
          hasNextPage={data?.suppressions.pageInfo.hasNextPage ?? false}
          endCursor={data?.suppressions.pageInfo.endCursor}
          label="Opt-out pages"
        />
      </Stack>

      <ConfirmDialog
        opened={!!removing}
        title="Take the number off the list?"
        confirmLabel="Remove"
        loading={removal.fetching}
        problem={problemOf(removal.error)}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => {
          if (!removing) return;
          void remove({ input: { phoneNumber: removing } }).then((result) => {
            if (result.data) {
              notify({ message: `${removing} may receive messages again` });
              setRemoving(undefined);
              reload();
            }
          });
        }}
      >
        {removing} will receive messages again. Only remove a number when its owner asked to hear from you.
      </ConfirmDialog>
    </>
  );
}
