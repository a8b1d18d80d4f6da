import {
  ActionIcon,
  Badge,
  Button,
  Fieldset,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmModal } from '../components/confirm';
import { FormModal } from '../components/form-modal';
import { FormProblem } from '../components/form-problem';
import { PageHeader, ProblemAlert } from '../components/page';
import { notifyDone } from '../components/notify';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import type { ConsoleRouteFieldsFragment, RouteTargetInput } from '../gql/graphql';
import { problemOf, type Problem } from '../lib/problem';

graphql(`
  fragment ConsoleRouteFields on Route {
    id
    name
    position
    isDefault
    enabled
    strategy
    match {
      prefixes
      countries
      priority
    }
    targets {
      kind
      deviceId
      deviceIds
      carrierId
      weight
      prices
    }
  }
`);

const RoutesQuery = graphql(`
  query ConsoleRoutes {
    routes {
      ...ConsoleRouteFields
    }
    devices {
      id
      name
    }
    carriers {
      id
      name
      kind
    }
  }
`);

const UpsertRoute = graphql(`
  mutation ConsoleUpsertRoute($input: UpsertRouteInput!) {
    upsertRoute(input: $input) {
      ...ConsoleRouteFields
    }
  }
`);

const DeleteRoute = graphql(`
  mutation ConsoleDeleteRoute($input: DeleteRouteInput!) {
    deleteRoute(input: $input)
  }
`);

type Route = ConsoleRouteFieldsFragment;
type Target = Route['targets'][number];
type Named = { id: string; name: string };

const STRATEGIES = [
  { value: 'failover', label: 'Failover' },
  { value: 'weighted', label: 'Weighted' },
  { value: 'least-cost', label: 'Least cost' },
];
const STRATEGY_HELP: Record<string, string> = {
  failover: 'The first target that can take the message; the next one when it cannot',
  weighted: 'The messages shared among the targets by their weights',
  'least-cost': "The cheapest target for the recipient's number, by the targets' prices",
};
const KINDS = [
  { value: 'devices', label: 'All phones' },
  { value: 'pool', label: 'Some phones (a pool)' },
  { value: 'device', label: 'One phone' },
  { value: 'carrier', label: 'A carrier' },
];

function matchText(route: Route): string {
  if (route.isDefault) return 'messages no other route takes';
  const { prefixes, countries, priority } = route.match;
  const parts = [
    prefixes?.length ? `numbers starting ${prefixes.join(', ')}` : '',
    countries?.length ? `countries ${countries.join(', ')}` : '',
    priority ? `${priority} priority` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'every message';
}

function pricesText(prices: Record<string, unknown> | null | undefined): string {
  return Object.entries(prices ?? {})
    .map(([prefix, price]) => `${prefix} ${String(price)}`)
    .join(', ');
}

function targetText(target: Target, devices: Map<string, string>, carriers: Map<string, string>): string {
  const name = (names: Map<string, string>, id: string | null | undefined) =>
    id ? (names.get(id) ?? `${id.slice(0, 8)}… (gone)`) : '?';
  let text: string;
  switch (target.kind) {
    case 'devices':
      text = 'all phones';
      break;
    case 'pool':
      text = `phones ${(target.deviceIds ?? []).map((id) => name(devices, id)).join(', ')}`;
      break;
    case 'device':
      text = `phone ${name(devices, target.deviceId)}`;
      break;
    case 'carrier':
      text = `carrier ${name(carriers, target.carrierId)}`;
      break;
    default:
      text = target.kind;
  }
  if (target.weight !== null && target.weight !== undefined) text += ` ×${target.weight}`;
  const prices = pricesText(target.prices);
  return prices ? `${text} (${prices})` : text;
}

export default function RoutesPage() {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: RoutesQuery });
  const [editing, setEditing] = useState<Route | 'new'>();
  const [deleting, setDeleting] = useState<Route>();
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const devices = new Map((data?.devices ?? []).map((d) => [d.id, d.name]));
  const carriers = new Map((data?.carriers ?? []).map((c) => [c.id, c.name]));
  const routes = data?.routes ?? [];

  return (
    <>
      <PageHeader
        title="Routes"
        actions={
          <Button onClick={() => setEditing('new')} aria-haspopup="dialog">
            New route
          </Button>
        }
      />
      <Text size="sm" c="dimmed" mb="md">
        A message takes the first enabled route (lowest position first) whose match fits it; the default route takes the
        rest.
      </Text>
      {error && !data && <ProblemAlert problem={problemOf(error)} title="The routes could not be loaded" />}
      {!data && fetching && <Loader aria-label="Loading routes" />}
      {data && routes.length === 0 && (
        <Text c="dimmed">No routes yet: messages go to the account&apos;s phones. Add a route to use carriers.</Text>
      )}
      {routes.length > 0 && (
        <TableScroll label="Routes" minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Position</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Match</Table.Th>
                <Table.Th>Strategy</Table.Th>
                <Table.Th>Targets</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {routes.map((route) => (
                <Table.Tr key={route.id} data-route={route.name}>
                  <Table.Td>{route.position}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={600} size="sm">
                        {route.name}
                      </Text>
                      {route.isDefault && (
                        <Badge variant="light" color="indigo">
                          default
                        </Badge>
                      )}
                      {!route.enabled && (
                        <Badge variant="outline" color="gray">
                          disabled
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{matchText(route)}</Table.Td>
                  <Table.Td>{route.strategy}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {route.targets.map((target, i) => (
                        <Text size="sm" key={i}>
                          {targetText(target, devices, carriers)}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        variant="default"
                        size="compact-sm"
                        aria-label={`Edit ${route.name}`}
                        onClick={() => setEditing(route)}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        aria-label={`Delete ${route.name}`}
                        onClick={() => setDeleting(route)}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {editing && data && (
        <RouteFormModal
          route={editing === 'new' ? undefined : editing}
          devices={data.devices}
          carriers={data.carriers}
          onClose={() => setEditing(undefined)}
          onSaved={refresh}
        />
      )}
      {deleting && <DeleteRouteModal route={deleting} onClose={() => setDeleting(undefined)} onDeleted={refresh} />}
    </>
  );
}

interface TargetValues {
  kind: string;
  deviceIds: string[];
  deviceId: string | null;
  carrierId: string | null;
  weight: number | string;
  prices: string;
}

const newTarget = (): TargetValues => ({
  kind: 'devices',
  deviceIds: [],
  deviceId: null,
  carrierId: null,
  weight: '',
  prices: '',
});

function targetValues(t: Target): TargetValues {
  return {
    kind: t.kind,
    deviceIds: t.deviceIds ?? [],
    deviceId: t.deviceId ?? null,
    carrierId: t.carrierId ?? null,
    weight: t.weight ?? '',
    prices: Object.entries(t.prices ?? {})
      .map(([prefix, price]) => `${prefix}=${String(price)}`)
      .join(', '),
  };
}

/** "+49=0.05, +4915=0.04" as the API's price table; undefined when a piece is not `prefix=price`. */
export function parsePrices(text: string): Record<string, number> | undefined {
  const prices: Record<string, number> = {};
  for (const piece of text.split(/[,;\n]/).map((p) => p.trim())) {
    if (!piece) continue;
    const match = /^(\S+)\s*[=:]\s*([0-9]*\.?[0-9]+)$/.exec(piece);
    if (!match) return undefined;
    prices[match[1]] = Number(match[2]);
  }
  return prices;
}

function RouteFormModal({
  route,
  devices,
  carriers,
  onClose,
  onSaved,
}: {
  route: Route | undefined;
  devices: Named[];
  carriers: Named[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [{ fetching }, upsertRoute] = useMutation(UpsertRoute);
  const [problem, setProblem] = useState<Problem>();
  const form = useForm({
    initialValues: {
      name: route?.name ?? '',
      position: route?.position ?? '',
      isDefault: route?.isDefault ?? false,
      enabled: route?.enabled ?? true,
      prefixes: route?.match.prefixes ?? [],
      countries: route?.match.countries ?? [],
      priority: route?.match.priority ?? 'any',
      strategy: route?.strategy ?? 'failover',
      targets: route ? route.targets.map(targetValues) : [newTarget()],
    },
    validate: {
      targets: { prices: (value) => (parsePrices(value) ? null : 'Write prices as +49=0.05, +4915=0.04') },
    },
  });
  const values = form.getValues();
  const fields = problem?.fields ?? {};
  const placed = (field: string) =>
    /^(name|position|isDefault|enabled|strategy|match|match\.(prefixes|countries|priority)|targets)$/.test(field) ||
    /^targets\.\d+\.(kind|deviceIds|deviceId|carrierId|weight|prices)$/.test(field) ||
    /^targets\.\d+$/.test(field);
  const deviceOptions = devices.map((d) => ({ value: d.id, label: d.name }));
  const carrierOptions = carriers.map((c) => ({ value: c.id, label: c.name }));

  return (
    <FormModal title={route ? `Edit route ${route.name}` : 'New route'} onClose={onClose}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          const targets: RouteTargetInput[] = v.targets.map((t) => ({
            kind: t.kind,
            ...(t.kind === 'pool' ? { deviceIds: t.deviceIds } : {}),
            ...(t.kind === 'device' && t.deviceId ? { deviceId: t.deviceId } : {}),
            ...(t.kind === 'carrier' && t.carrierId ? { carrierId: t.carrierId } : {}),
            ...(v.strategy === 'weighted' && t.weight !== '' ? { weight: Number(t.weight) } : {}),
            ...(v.strategy === 'least-cost' && t.prices.trim() ? { prices: parsePrices(t.prices) } : {}),
          }));
          const result = await upsertRoute({
            input: {
              ...(route ? { id: route.id } : {}),
              name: v.name,
              ...(v.position !== '' ? { position: Number(v.position) } : {}),
              isDefault: v.isDefault,
              enabled: v.enabled,
              match: {
                ...(v.prefixes.length > 0 ? { prefixes: v.prefixes } : {}),
                ...(v.countries.length > 0 ? { countries: v.countries } : {}),
                ...(v.priority !== 'any' ? { priority: v.priority } : {}),
              },
              strategy: v.strategy,
              targets,
            },
          });
          setProblem(problemOf(result.error));
          if (result.data) {
            notifyDone(`Route ${result.data.upsertRoute.name} saved`);
            onSaved();
            onClose();
          }
        })}
      >
        <Stack>
          <FormProblem problem={problem} placed={placed} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required error={fields.name} {...form.getInputProps('name')} />
            <NumberInput
              label="Position"
              description="Lower first; empty: after the last route"
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('position')}
              error={fields.position}
            />
          </SimpleGrid>
          <Group>
            <Switch
              label="Default route (takes the messages no other route matches)"
              {...form.getInputProps('isDefault', { type: 'checkbox' })}
              error={fields.isDefault}
            />
            <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} error={fields.enabled} />
          </Group>
          <Fieldset legend="Match (all given must fit; none: every message)">
            <Stack gap="sm">
              {fields.match && (
                <Text c="var(--mantine-color-error)" size="sm" role="alert">
                  {fields.match}
                </Text>
              )}
              <TagsInput
                label="Number prefixes"
                description="E.164 prefixes such as +49 or +4915; press Enter after each"
                placeholder="+49"
                {...form.getInputProps('prefixes')}
                error={fields['match.prefixes']}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TagsInput
                  label="Countries"
                  description="ISO codes such as DE, FR; press Enter after each"
                  placeholder="DE"
                  {...form.getInputProps('countries')}
                  onChange={(countries) =>
                    form.setFieldValue(
                      'countries',
                      countries.map((c) => c.trim().toUpperCase()),
                    )
                  }
                  error={fields['match.countries']}
                />
                <Select
                  label="Priority"
                  data={[
                    { value: 'any', label: 'Any priority' },
                    { value: 'normal', label: 'Normal only' },
                    { value: 'high', label: 'High only' },
                  ]}
                  allowDeselect={false}
                  {...form.getInputProps('priority')}
                  error={fields['match.priority']}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <Select
            label="Strategy"
            description={STRATEGY_HELP[values.strategy]}
            data={STRATEGIES}
            allowDeselect={false}
            {...form.getInputProps('strategy')}
            error={fields.strategy}
          />
          <Fieldset legend="Targets">
            <Stack gap="sm">
              {fields.targets && (
                <Text c="var(--mantine-color-error)" size="sm" role="alert">
                  {fields.targets}
                </Text>
              )}
              {values.targets.map((target, i) => (
                <Paper withBorder p="sm" key={i}>
                  <Group justify="space-between" mb="xs">
                    <Text size="sm" fw={600}>
                      Target {i + 1}
                    </Text>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove target ${i + 1}`}
                      disabled={values.targets.length === 1}
                      onClick={() => form.removeListItem('targets', i)}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                  {fields[`targets.${i}`] && (
                    <Text c="var(--mantine-color-error)" size="sm">
                      {fields[`targets.${i}`]}
                    </Text>
                  )}
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <Select
                      label={`Kind of target ${i + 1}`}
                      data={KINDS}
                      allowDeselect={false}
                      {...form.getInputProps(`targets.${i}.kind`)}
                      error={fields[`targets.${i}.kind`]}
                    />
                    {target.kind === 'pool' && (
                      <MultiSelect
                        label={`Phones of target ${i + 1}`}
                        data={deviceOptions}
                        searchable
                        {...form.getInputProps(`targets.${i}.deviceIds`)}
                        error={fields[`targets.${i}.deviceIds`]}
                      />
                    )}
                    {target.kind === 'device' && (
                      <Select
                        label={`Phone of target ${i + 1}`}
                        data={deviceOptions}
                        searchable
                        {...form.getInputProps(`targets.${i}.deviceId`)}
                        error={fields[`targets.${i}.deviceId`]}
                      />
                    )}
                    {target.kind === 'carrier' && (
                      <Select
                        label={`Carrier of target ${i + 1}`}
                        data={carrierOptions}
                        searchable
                        nothingFoundMessage="No carrier: add one on the Carriers page"
                        {...form.getInputProps(`targets.${i}.carrierId`)}
                        error={fields[`targets.${i}.carrierId`]}
                      />
                    )}
                    {values.strategy === 'weighted' && (
                      <NumberInput
                        label={`Weight of target ${i + 1}`}
                        description="1 to 1000; empty: 1"
                        allowDecimal={false}
                        {...form.getInputProps(`targets.${i}.weight`)}
                        error={fields[`targets.${i}.weight`]}
                      />
                    )}
                    {values.strategy === 'least-cost' && (
                      <TextInput
                        label={`Prices of target ${i + 1}`}
                        description="Per destination prefix: +49=0.05, +4915=0.04"
                        {...form.getInputProps(`targets.${i}.prices`)}
                        error={form.errors[`targets.${i}.prices`] ?? fields[`targets.${i}.prices`]}
                      />
                    )}
                  </SimpleGrid>
                </Paper>
              ))}
              <Button
                variant="light"
                w="fit-content"
                onClick={() => form.insertListItem('targets', newTarget())}
                disabled={values.targets.length >= 20}
              >
                Add a target
              </Button>
            </Stack>
          </Fieldset>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              {route ? 'Save route' : 'Create route'}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

function DeleteRouteModal({ route, onClose, onDeleted }: { route: Route; onClose: () => void; onDeleted: () => void }) {
  const [{ fetching }, deleteRoute] = useMutation(DeleteRoute);
  const [problem, setProblem] = useState<Problem>();
  return (
    <ConfirmModal
      title={`Delete route ${route.name}?`}
      confirmLabel="Delete"
      busy={fetching}
      problem={problem}
      onClose={onClose}
      onConfirm={() => {
        void deleteRoute({ input: { id: route.id } }).then((result) => {
          setProblem(problemOf(result.error));
          if (result.data?.deleteRoute) {
            notifyDone(`Route ${route.name} deleted`);
            onClose();
            onDeleted();
          }
        });
      }}
    >
      Messages it matched take the next route that fits them (or the default route) from now on.
    </ConfirmModal>
  );
}
