import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { notifyDone } from '../components/notify';
import { PageHeader, ProblemAlert } from '../components/page';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import type { ConsoleCampaignDevicesQuery, ConsoleCampaignSetupQuery } from '../gql/graphql';
import {
  guessColumn,
  guessPhoneColumn,
  readCsvHead,
  renderTemplate,
  templateVariables,
  type CsvHead,
} from '../lib/csv';
import { formatTime } from '../lib/format';
import { useCan } from '../lib/me';
import { problemOf, type Problem } from '../lib/problem';
import { download, NETWORK_PROBLEM, problemOfResponse, rest } from '../lib/rest';

const Setup = graphql(`
  query ConsoleCampaignSetup {
    templates {
      id
      name
      body
      defaults
      variables
    }
  }
`);

const Devices = graphql(`
  query ConsoleCampaignDevices {
    devices {
      id
      name
      online
      status
      sims {
        slot
        operator
        phoneNumber
      }
    }
  }
`);

const RowPreview = graphql(`
  query ConsoleCampaignRowPreview($id: ID!, $input: TemplatePreviewInput) {
    templatePreview(id: $id, input: $input) {
      body
      encoding
      segments
    }
  }
`);

const BodyPreview = graphql(`
  query ConsoleCampaignBodyPreview($body: String!) {
    messagePreview(body: $body) {
      encoding
      segments
    }
  }
`);

const Create = graphql(`
  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      id
      name
      state
      startAt
    }
  }
`);

const Launch = graphql(`
  mutation ConsoleWizardLaunchCampaign($input: CampaignIdInput!) {
    launchCampaign(input: $input) {
      id
      state
    }
  }
`);

type Template = ConsoleCampaignSetupQuery['templates'][number];

/** POST /v1/campaigns/{id}/recipients: what the upload took and refused. */
interface ImportReport {
  rows: number;
  recipients: number;
  suppressed: number;
  invalid: number;
  duplicates: number;
  refusedRows: { line: number; value: string; code: string; message: string }[];
}

interface Values {
  name: string;
  source: 'template' | 'body';
  templateId: string | null;
  body: string;
  phoneColumn: string | null;
  /** Variable to column header; absent: the column named as the variable, null: no column. */
  columns: Record<string, string | null>;
  /** Variable to the value a row without one gets (over the template's default). */
  defaults: Record<string, string>;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  pace: number | string;
  start: 'launch' | 'at';
  startAt: string;
  deviceId: string | null;
  simSlot: string | null;
}

const INITIAL: Values = {
  name: '',
  source: 'template',
  templateId: null,
  body: '',
  phoneColumn: null,
  columns: {},
  defaults: {},
  quiet: true,
  quietStart: '21:00',
  quietEnd: '08:00',
  pace: '',
  start: 'launch',
  startAt: '',
  deviceId: null,
  simSlot: null,
};

interface LoadedFile {
  file: File;
  text: string;
  head: CsvHead;
}

const STEPS = ['Message', 'Recipients', 'Preview', 'Schedule', 'Review'];
const E164 = /^\+[1-9]\d{1,14}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

function stringDefaults(defaults: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(defaults ?? {}).map(([k, v]) => [k, String(v)]));
}

/** The wizard's derived facts: the text, its variables, where each comes from. */
function useShape(values: Values, templates: Template[], csv: LoadedFile | undefined) {
  const template = values.source === 'template' ? templates.find((t) => t.id === values.templateId) : undefined;
  const body = values.source === 'template' ? (template?.body ?? '') : values.body;
  const variables = values.source === 'template' ? (template?.variables ?? []) : templateVariables(values.body);
  const templateDefaults = stringDefaults(template?.defaults);
  const header = csv?.head.header ?? [];
  const phoneColumn = values.phoneColumn ?? guessPhoneColumn(header);
  const columnOf = (name: string): string | null =>
    name in values.columns ? (values.columns[name] ?? null) : guessColumn(header, name);
  const defaultOf = (name: string): string | undefined => {
    const own = values.defaults[name];
    if (own !== undefined && own !== '') return own;
    return templateDefaults[name];
  };
  return { template, body, variables, templateDefaults, header, phoneColumn, columnOf, defaultOf };
}

type Shape = ReturnType<typeof useShape>;

function validate(step: number, values: Values, shape: Shape, csv: LoadedFile | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === 0) {
    if (!values.name.trim()) errors.name = 'Give the campaign a name';
    else if (values.name.trim().length > 100) errors.name = 'At most 100 characters';
    if (values.source === 'template' && !shape.template) errors.templateId = 'Choose a template';
    if (values.source === 'body' && !values.body.trim()) errors.body = 'Write the text';
  }
  if (step === 1) {
    if (!csv) errors.file = 'Choose a CSV file with a header line';
    else {
      if (csv.head.rows === 0) errors.file = 'The file has a header but no rows';
      if (!shape.phoneColumn) errors.phoneColumn = 'Choose the column with the phone numbers';
      for (const name of shape.variables) {
        if (!shape.columnOf(name) && shape.defaultOf(name) === undefined) {
          errors[`column:${name}`] = 'Choose a column, or give a default below';
        }
      }
    }
  }
  if (step === 3) {
    if (values.quiet) {
      if (!CLOCK.test(values.quietStart)) errors.quietStart = 'A time of day such as 21:00';
      if (!CLOCK.test(values.quietEnd)) errors.quietEnd = 'A time of day such as 08:00';
      if (!errors.quietStart && values.quietStart === values.quietEnd) errors.quietEnd = 'Another time than the start';
    }
    if (values.pace !== '' && (!Number.isInteger(Number(values.pace)) || Number(values.pace) < 1)) {
      errors.pace = 'A whole number of messages per minute, at least 1';
    }
    if (values.start === 'at') {
      if (!values.startAt) errors.startAt = 'Choose when it starts';
      else if (new Date(values.startAt).getTime() < Date.now()) errors.startAt = 'A time in the future';
    }
  }
  return errors;
}

function Summary({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

function MessageStep({
  values,
  set,
  errors,
  templates,
  shape,
  locked,
}: {
  values: Values;
  set: (patch: Partial<Values>) => void;
  errors: Record<string, string>;
  templates: Template[];
  shape: Shape;
  locked: boolean;
}) {
  return (
    <Stack>
      <TextInput
        label="Campaign name"
        description="For you: recipients do not see it"
        required
        disabled={locked}
        value={values.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={errors.name}
        maw={520}
      />
      <Stack gap={6}>
        <Text size="sm" fw={600} id="campaign-source">
          The text
        </Text>
        <SegmentedControl
          aria-labelledby="campaign-source"
          disabled={locked}
          w="fit-content"
          value={values.source}
          onChange={(source) => set({ source })}
          data={[
            { value: 'template', label: 'From a template' },
            { value: 'body', label: 'Write it here' },
          ]}
        />
      </Stack>
      {values.source === 'template' ? (
        <Stack gap="xs">
          <Select
            label="Template"
            placeholder={templates.length === 0 ? 'No templates yet' : 'Choose a template'}
            data={templates.map((t) => ({ value: t.id, label: t.name }))}
            searchable
            disabled={locked}
            value={values.templateId}
            onChange={(templateId) => set({ templateId })}
            error={errors.templateId}
            withAsterisk
            nothingFoundMessage="No template of that name"
            maw={520}
          />
          {templates.length === 0 && (
            <Text size="sm">
              <Anchor component={Link} to="/templates">
                Make a template
              </Anchor>{' '}
              first, or write the text here.
            </Text>
          )}
          {shape.template && (
            <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {shape.template.body}
              </Text>
            </Paper>
          )}
        </Stack>
      ) : (
        <Textarea
          label="Text"
          description="Write {{name}} where a recipient's own value goes; the CSV gives a column for each"
          required
          autosize
          minRows={3}
          disabled={locked}
          value={values.body}
          onChange={(e) => set({ body: e.currentTarget.value })}
          error={errors.body}
        />
      )}
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Variables:
        </Text>
        {shape.variables.length === 0 ? (
          <Text size="sm" c="dimmed">
            none
          </Text>
        ) : (
          shape.variables.map((name) => (
            <Badge key={name} variant="light" color="indigo" tt="none">
              {name}
            </Badge>
          ))
        )}
      </Group>
    </Stack>
  );
}

function RecipientsStep({
  values,
  set,
  errors,
  shape,
  csv,
  onFile,
  fileProblem,
  locked,
}: {
  locked: boolean;
  values: Values;
  set: (patch: Partial<Values>) => void;
  errors: Record<string, string>;
  shape: Shape;
  csv: LoadedFile | undefined;
  onFile: (file: File | null) => void;
  fileProblem: string | undefined;
}) {
  const options = shape.header.map((h) => ({ value: h, label: h }));
  return (
    <Stack>
      <FileInput
        label="CSV file"
        description="A header line, then a row per recipient: a column with the number in international format (+49…), and a column for each variable"
        placeholder="Choose a .csv file"
        accept=".csv,text/csv"
        clearable
        clearButtonProps={{ 'aria-label': 'Remove the file' }}
        value={csv?.file ?? null}
        onChange={onFile}
        error={fileProblem ?? errors.file}
        maw={640}
      />
      {csv && (
        <>
          <Stack gap={4}>
            <Text size="sm" data-testid="csv-summary">
              {csv.head.rows} row{csv.head.rows === 1 ? '' : 's'} in {csv.file.name}; the first ones:
            </Text>
            <TableScroll label="The first rows of the file" minWidth={Math.min(720, 140 * csv.head.header.length)}>
              <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="The first rows of the file">
                <Table.Thead>
                  <Table.Tr>
                    {csv.head.header.map((h, i) => (
                      <Table.Th key={i}>{h}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {csv.head.sample.map((row, r) => (
                    <Table.Tr key={r}>
                      {csv.head.header.map((_, i) => (
                        <Table.Td key={i}>{row[i] ?? ''}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} maw={860}>
            <Select
              label="Phone column"
              description="The column with the numbers"
              data={options}
              value={shape.phoneColumn}
              onChange={(phoneColumn) => set({ phoneColumn })}
              allowDeselect={false}
              error={errors.phoneColumn}
            />
          </SimpleGrid>
          {shape.variables.length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h5">
                Variables
              </Title>
              <Text size="sm" c="dimmed">
                Each variable from a column of the file; a row whose cell is empty gets the default.
              </Text>
              {shape.variables.map((name) => {
                const templateDefault = shape.templateDefaults[name];
                return (
                  <SimpleGrid key={name} cols={{ base: 1, sm: 2 }} maw={860} spacing="sm" verticalSpacing={4}>
                    <Select
                      label={`Column for {{${name}}}`}
                      placeholder="No column: the default"
                      data={options}
                      clearable
                      value={shape.columnOf(name)}
                      onChange={(column) => set({ columns: { ...values.columns, [name]: column } })}
                      error={errors[`column:${name}`]}
                    />
                    <TextInput
                      label={`Default for {{${name}}}`}
                      placeholder={
                        templateDefault !== undefined ? `template default: ${templateDefault}` : 'no default'
                      }
                      disabled={locked}
                      value={values.defaults[name] ?? ''}
                      onChange={(e) => set({ defaults: { ...values.defaults, [name]: e.currentTarget.value } })}
                    />
                  </SimpleGrid>
                );
              })}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

interface RenderedRow {
  phone: string;
  text?: string;
  encoding?: string;
  segments?: number;
  problem?: string;
}

/** The first rows of the file as their messages: the server renders and counts them. */
function PreviewStep({ values, shape, csv }: { values: Values; shape: Shape; csv: LoadedFile | undefined }) {
  const client = useClient();
  const [rows, setRows] = useState<RenderedRow[]>();
  const sample = csv?.head.sample ?? [];
  const key = JSON.stringify([sample, values, shape.phoneColumn, shape.variables.map(shape.columnOf)]);

  useEffect(() => {
    let current = true;
    const header = shape.header;
    const cell = (row: string[], column: string | null) => {
      const index = column === null ? -1 : header.indexOf(column);
      return index >= 0 ? (row[index] ?? '') : '';
    };
    void Promise.all(
      sample.map(async (row): Promise<RenderedRow> => {
        const phone = cell(row, shape.phoneColumn);
        const own: Record<string, string> = {};
        for (const name of shape.variables) {
          const value = cell(row, shape.columnOf(name)) || values.defaults[name];
          if (value) own[name] = value;
        }
        if (shape.template) {
          const r = await client
            .query(RowPreview, { id: shape.template.id, input: { variables: own } }, { requestPolicy: 'network-only' })
            .toPromise();
          const p = r.data?.templatePreview;
          return p
            ? { phone, text: p.body, encoding: p.encoding, segments: p.segments }
            : { phone, problem: problemOf(r.error)?.detail ?? 'Not renderable' };
        }
        const rendered = renderTemplate(shape.body, own);
        if ('missing' in rendered)
          return { phone, problem: `No value for {{${rendered.missing}}}: this row is refused` };
        const r = await client
          .query(BodyPreview, { body: rendered.text }, { requestPolicy: 'network-only' })
          .toPromise();
        const p = r.data?.messagePreview;
        return p
          ? { phone, text: rendered.text, encoding: p.encoding, segments: p.segments }
          : { phone, text: rendered.text, problem: problemOf(r.error)?.detail };
      }),
    ).then((result) => {
      if (current) setRows(result);
    });
    return () => {
      current = false;
    };
    // The key holds everything the rendering reads.
  }, [key, client]);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        The first {sample.length === 1 ? 'row' : `${sample.length} rows`} of {csv?.file.name ?? 'the file'} as their
        recipients will get them. Every row is checked again when the file is uploaded.
      </Text>
      {!rows && <Text size="sm">Rendering…</Text>}
      <Stack gap="sm" data-testid="row-previews">
        {rows?.map((row, i) => (
          <Paper key={i} withBorder p="sm" data-testid="row-preview">
            <Group justify="space-between" mb={4} gap="xs">
              <Text size="sm" fw={600}>
                Row {i + 1}: {row.phone || '(no number)'}
              </Text>
              {row.segments !== undefined && (
                <Text size="xs" c="dimmed">
                  {row.encoding} · {row.segments} segment{row.segments === 1 ? '' : 's'}
                </Text>
              )}
            </Group>
            {!E164.test(row.phone) && (
              <Text size="xs" c="red.9">
                Not a number in international format: this row will be refused.
              </Text>
            )}
            {row.text !== undefined && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {row.text}
              </Text>
            )}
            {row.problem && (
              <Text size="sm" c="red.9">
                {row.problem}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function ScheduleStep({
  values,
  set,
  errors,
  locked,
  devices,
}: {
  values: Values;
  set: (patch: Partial<Values>) => void;
  errors: Record<string, string>;
  locked: boolean;
  /** Undefined: the user may not see the phones (the API picks by its routes). */
  devices: ConsoleCampaignDevicesQuery['devices'] | undefined;
}) {
  const device = devices?.find((d) => d.id === values.deviceId);
  return (
    <Stack maw={860}>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Switch
            label="Quiet hours: hold messages at night in each recipient's time zone"
            checked={values.quiet}
            disabled={locked}
            onChange={(e) => set({ quiet: e.currentTarget.checked })}
          />
          {values.quiet && (
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <TextInput
                type="time"
                label="Quiet from"
                disabled={locked}
                value={values.quietStart}
                onChange={(e) => set({ quietStart: e.currentTarget.value })}
                error={errors.quietStart}
              />
              <TextInput
                type="time"
                label="Quiet until"
                disabled={locked}
                value={values.quietEnd}
                onChange={(e) => set({ quietEnd: e.currentTarget.value })}
                error={errors.quietEnd}
              />
            </SimpleGrid>
          )}
        </Stack>
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Pace (messages per minute)"
          description="Empty: as fast as the phones take them"
          min={1}
          max={60000}
          allowDecimal={false}
          allowNegative={false}
          disabled={locked}
          value={values.pace}
          onChange={(pace) => set({ pace })}
          error={errors.pace}
        />
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={600} id="campaign-start">
          Start
        </Text>
        <SegmentedControl
          aria-labelledby="campaign-start"
          w="fit-content"
          disabled={locked}
          value={values.start}
          onChange={(start) => set({ start })}
          data={[
            { value: 'launch', label: 'When I launch it' },
            { value: 'at', label: 'At a set time' },
          ]}
        />
        {values.start === 'at' && (
          <TextInput
            type="datetime-local"
            label="Start at"
            description="Your time; launching it before then schedules it"
            disabled={locked}
            value={values.startAt}
            onChange={(e) => set({ startAt: e.currentTarget.value })}
            error={errors.startAt}
            maw={320}
          />
        )}
      </Stack>
      {devices && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Phone"
            placeholder="Chosen by the routing rules"
            clearable
            disabled={locked}
            data={devices.map((d) => ({
              value: d.id,
              label: `${d.name} (${d.online ? 'online' : d.status})`,
            }))}
            value={values.deviceId}
            onChange={(deviceId) => set({ deviceId, simSlot: null })}
          />
          <Select
            label="SIM"
            placeholder={device ? 'By the phone’s SIM policy' : 'Choose a phone first'}
            disabled={locked || !device}
            clearable
            data={(device?.sims ?? []).map((s) => ({
              value: String(s.slot),
              label: `Slot ${s.slot}${s.operator ? ` · ${s.operator}` : ''}${s.phoneNumber ? ` · ${s.phoneNumber}` : ''}`,
            }))}
            value={values.simSlot}
            onChange={(simSlot) => set({ simSlot })}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function ImportReportView({ report, campaignId }: { report: ImportReport; campaignId: string }) {
  const [problem, setProblem] = useState<Problem>();
  const refused = report.invalid + report.duplicates;
  return (
    <Alert
      color={refused + report.suppressed > 0 ? 'yellow' : 'green'}
      title="Recipients imported"
      // Yellow and green titles are under AA contrast on their light background.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      data-testid="import-report"
    >
      <Stack gap="xs">
        <TableScroll label="Import counts" minWidth={420}>
          <Table withTableBorder={false} verticalSpacing={4} aria-label="Import counts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rows read</Table.Th>
                <Table.Th>Will get a message</Table.Th>
                <Table.Th>Opted out</Table.Th>
                <Table.Th>Invalid</Table.Th>
                <Table.Th>Duplicates</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td data-testid="report-rows">{report.rows}</Table.Td>
                <Table.Td data-testid="report-recipients">{report.recipients}</Table.Td>
                <Table.Td data-testid="report-suppressed">{report.suppressed}</Table.Td>
                <Table.Td data-testid="report-invalid">{report.invalid}</Table.Td>
                <Table.Td data-testid="report-duplicates">{report.duplicates}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </TableScroll>
        {report.refusedRows.length > 0 && (
          <>
            <Text size="sm" fw={500}>
              Refused rows{report.refusedRows.length < refused ? ` (the first ${report.refusedRows.length})` : ''}:
            </Text>
            <List size="sm" spacing={2}>
              {report.refusedRows.slice(0, 5).map((e) => (
                <List.Item key={e.line}>
                  Line {e.line}: “{e.value}” {e.code}: {e.message}
                </List.Item>
              ))}
            </List>
            {report.refusedRows.length > 5 && (
              <Text size="sm">and {refused - 5} more in the file of refused rows.</Text>
            )}
            <Group>
              <Button
                variant="default"
                size="compact-sm"
                onClick={() =>
                  void download(`/v1/campaigns/${campaignId}/recipients/errors`, 'refused-rows.csv').then(setProblem)
                }
              >
                Download refused rows (CSV)
              </Button>
            </Group>
            <ProblemAlert problem={problem} title="The file could not be downloaded" />
          </>
        )}
      </Stack>
    </Alert>
  );
}

export default function NewCampaignPage() {
  const navigate = useNavigate();
  const small = useMediaQuery('(max-width: 48em)');
  const [{ data: setup, error: setupError }] = useQuery({ query: Setup });
  const [active, setActive] = useState(0);
  const [values, setValues] = useState<Values>(INITIAL);
  // The steps the user tried to leave with a problem: their messages show, and go as it is fixed.
  const [checked, setChecked] = useState<number[]>([]);
  const [csv, setCsv] = useState<LoadedFile>();
  const [fileProblem, setFileProblem] = useState<string>();
  const [created, setCreated] = useState<{ id: string; name: string; startAt?: string | null }>();
  const [report, setReport] = useState<ImportReport>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(Create);
  const [launch, doLaunch] = useMutation(Launch);
  const canSeePhones = useCan('devices:read');
  const [{ data: phones }] = useQuery({ query: Devices, pause: !canSeePhones });
  const templates = setup?.templates ?? [];
  const shape = useShape(values, templates, csv);
  const locked = !!created;
  const errors = checked.includes(active) ? validate(active, values, shape, csv) : {};

  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const onFile = (file: File | null) => {
    setFileProblem(undefined);
    setReport(undefined);
    if (!file) {
      setCsv(undefined);
      return;
    }
    void file.text().then((text) => {
      const head = readCsvHead(text);
      if (!head) {
        setCsv(undefined);
        setFileProblem('The file has no header line: is it a CSV file?');
        return;
      }
      setCsv({ file, text, head });
      // A new file: the columns are guessed again from its header.
      setValues((v) => ({ ...v, phoneColumn: null, columns: {} }));
    });
  };

  const goTo = (step: number) => {
    // Forward only through valid steps; back freely.
    for (let s = active; s < step; s++) {
      if (Object.keys(validate(s, values, shape, csv)).length > 0) {
        setChecked((c) => [...c, s]);
        setActive(s);
        return;
      }
    }
    setActive(step);
  };

  const input = () => {
    const defaults = Object.fromEntries(
      shape.variables.filter((v) => values.defaults[v]).map((v) => [v, values.defaults[v]]),
    );
    return {
      name: values.name.trim(),
      ...(values.source === 'template' ? { templateId: values.templateId } : { body: values.body }),
      ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
      ...(values.quiet ? { quietHours: { start: values.quietStart, end: values.quietEnd } } : {}),
      ...(values.pace !== '' ? { pace: Number(values.pace) } : {}),
      ...(values.start === 'at' && values.startAt ? { startAt: new Date(values.startAt).toISOString() } : {}),
      ...(values.deviceId ? { deviceId: values.deviceId } : {}),
      ...(values.deviceId && values.simSlot !== null ? { simSlot: Number(values.simSlot) } : {}),
    };
  };

  /** Creates the draft (once), then uploads the file to it with the chosen columns. */
  const submit = async () => {
    if (!csv) return;
    setBusy(true);
    setProblem(undefined);
    setReport(undefined);
    try {
      let draft = created;
      if (!draft) {
        const result = await create({ input: input() });
        if (!result.data) {
          setProblem(problemOf(result.error));
          return;
        }
        draft = result.data.createCampaign;
        setCreated(draft);
      }
      const columns = Object.fromEntries(
        shape.variables.flatMap((v) => {
          const column = shape.columnOf(v);
          return column ? [[v, column]] : [];
        }),
      );
      const query = new URLSearchParams({ phoneColumn: shape.phoneColumn ?? '' });
      if (Object.keys(columns).length > 0) query.set('columns', JSON.stringify(columns));
      const res = await rest(`/v1/campaigns/${draft.id}/recipients?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv.text,
      });
      if (!res.ok) {
        setProblem(await problemOfResponse(res));
        return;
      }
      setReport((await res.json()) as ImportReport);
    } catch {
      setProblem(NETWORK_PROBLEM);
    } finally {
      setBusy(false);
    }
  };

  const stepContent = (step: number) => {
    switch (step) {
      case 0:
        return (
          <MessageStep values={values} set={set} errors={errors} templates={templates} shape={shape} locked={locked} />
        );
      case 1:
        return (
          <RecipientsStep
            values={values}
            set={set}
            errors={errors}
            shape={shape}
            csv={csv}
            onFile={onFile}
            fileProblem={fileProblem}
            locked={locked}
          />
        );
      case 2:
        return <PreviewStep values={values} shape={shape} csv={csv} />;
      case 3:
        return <ScheduleStep values={values} set={set} errors={errors} locked={locked} devices={phones?.devices} />;
      default:
        return null;
    }
  };

  const startAt = values.start === 'at' && values.startAt ? new Date(values.startAt).toISOString() : undefined;
  const columnsText = shape.variables.map((v) => {
    const column = shape.columnOf(v);
    const fallback = shape.defaultOf(v);
    return `{{${v}}} ← ${column ? `“${column}”` : 'no column'}${fallback !== undefined ? ` (default “${fallback}”)` : ''}`;
  });

  return (
    <>
      <PageHeader
        title="New campaign"
        actions={
          <Anchor component={Link} to="/campaigns">
            All campaigns
          </Anchor>
        }
      />
      {setupError && <ProblemAlert problem={problemOf(setupError)} title="The templates could not be loaded" />}
      <Paper withBorder p="md">
        <Stepper
          active={active}
          onStepClick={(step) => goTo(step)}
          allowNextStepsSelect={false}
          size="sm"
          aria-label="Steps"
        >
          {STEPS.map((label, step) => (
            <Stepper.Step
              key={label}
              // A phone has room for the numbers only: the step's name is said above its content.
              label={small ? undefined : label}
              aria-label={`Step ${step + 1}: ${label}`}
              allowStepSelect={step < active}
            >
              {small && (
                <Text fw={600} mt="sm">
                  Step {step + 1} of {STEPS.length}: {label}
                </Text>
              )}
              {step < 4 ? (
                <Stack mt="md">
                  {locked && step !== 2 && (
                    <Alert
                      color="gray"
                      title="The draft is saved"
                      styles={{ title: { color: 'var(--mantine-color-text)' } }}
                    >
                      Its text, defaults and schedule no longer change here; the file and its columns can still be
                      replaced. To change the rest, cancel the draft on its page and start a new campaign.
                    </Alert>
                  )}
                  {stepContent(step)}
                </Stack>
              ) : (
                <Stack mt="md">
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
                    <Summary label="Name">{values.name}</Summary>
                    <Summary label="Text">
                      {shape.template ? `template ${shape.template.name}` : 'written here'}
                    </Summary>
                    <Summary label="Recipients">
                      {csv
                        ? `${csv.file.name}: ${csv.head.rows} row${csv.head.rows === 1 ? '' : 's'}, numbers in “${shape.phoneColumn}”`
                        : '—'}
                    </Summary>
                    <Summary label="Variables">
                      {columnsText.length > 0 ? columnsText.map((t) => <div key={t}>{t}</div>) : 'none'}
                    </Summary>
                    <Summary label="Quiet hours">
                      {values.quiet ? `${values.quietStart} to ${values.quietEnd}` : 'none'}
                    </Summary>
                    <Summary label="Pace">
                      {values.pace !== '' ? `${values.pace} per minute` : 'as fast as the phones take them'}
                    </Summary>
                    <Summary label="Start">{startAt ? formatTime(startAt) : 'when launched'}</Summary>
                    <Summary label="Phone">
                      {values.deviceId
                        ? `${phones?.devices.find((d) => d.id === values.deviceId)?.name ?? values.deviceId}${
                            values.simSlot !== null ? ` (SIM ${values.simSlot})` : ''
                          }`
                        : 'by the routing rules'}
                    </Summary>
                  </SimpleGrid>
                  <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {shape.body}
                    </Text>
                  </Paper>
                  <ProblemAlert
                    problem={problem}
                    title={created ? 'The file was not imported' : 'Not created'}
                    withFields
                  />
                  {!report && (
                    <Group>
                      <Button loading={busy} onClick={() => void submit()}>
                        {created ? 'Upload the recipients again' : 'Create the draft and upload the recipients'}
                      </Button>
                      {problem && created && (
                        <Button variant="default" onClick={() => setActive(1)}>
                          Back to the recipients
                        </Button>
                      )}
                    </Group>
                  )}
                  {report && created && (
                    <>
                      <ImportReportView report={report} campaignId={created.id} />
                      <ProblemAlert problem={problemOf(launch.error)} title="Not launched" />
                      {report.recipients === 0 && (
                        <Text size="sm" c="red.9">
                          No row can get a message: choose another file or other columns.
                        </Text>
                      )}
                      <Group>
                        <Button
                          disabled={report.recipients === 0}
                          loading={launch.fetching}
                          onClick={() =>
                            void doLaunch({ input: { id: created.id } }).then((r) => {
                              if (r.data) {
                                notifyDone(
                                  r.data.launchCampaign.state === 'scheduled'
                                    ? `${created.name} is scheduled`
                                    : `${created.name} is running`,
                                );
                                void navigate(`/campaigns/${created.id}`);
                              }
                            })
                          }
                        >
                          {created.startAt ? `Launch (starts ${formatTime(created.startAt)})` : 'Launch now'}
                        </Button>
                        <Button variant="default" component={Link} to={`/campaigns/${created.id}`}>
                          Keep it as a draft
                        </Button>
                        <Button variant="subtle" onClick={() => setActive(1)}>
                          Choose another file
                        </Button>
                      </Group>
                    </>
                  )}
                </Stack>
              )}
            </Stepper.Step>
          ))}
        </Stepper>
        {active < 4 && (
          <Group justify="space-between" mt="xl">
            <Button variant="default" disabled={active === 0} onClick={() => goTo(active - 1)}>
              Back
            </Button>
            <Button onClick={() => goTo(active + 1)}>Next: {STEPS[active + 1]}</Button>
          </Group>
        )}
        {active === 4 && !report && !(problem && created) && (
          <Group mt="xl">
            <Button variant="default" onClick={() => goTo(3)}>
              Back
            </Button>
          </Group>
        )}
      </Paper>
    </>
  );
}
