import {
  ActionIcon,
  Badge,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ConfirmModal } from '../components/confirm';
import { FormModal } from '../components/form-modal';
import { FormProblem } from '../components/form-problem';
import { notifyDone } from '../components/notify';
import { PageHeader, ProblemAlert } from '../components/page';
import { TableScroll } from '../components/table-scroll';
import { graphql } from '../gql';
import type { ConsoleTemplatesQuery } from '../gql/graphql';
import { templateVariables } from '../lib/csv';
import { formatTime } from '../lib/format';
import { problemOf, type Problem } from '../lib/problem';

const Templates = graphql(`
  query ConsoleTemplates {
    templates {
      id
      name
      body
      defaults
      variables
      createdAt
      updatedAt
    }
  }
`);

const Preview = graphql(`
  query ConsoleTemplatePreview($id: ID!, $input: TemplatePreviewInput) {
    templatePreview(id: $id, input: $input) {
      body
      encoding
      segments
      variables
    }
  }
`);

const Create = graphql(`
  mutation ConsoleCreateTemplate($input: CreateTemplateInput!) {
    createTemplate(input: $input) {
      id
      name
    }
  }
`);

const Update = graphql(`
  mutation ConsoleUpdateTemplate($input: UpdateTemplateInput!) {
    updateTemplate(input: $input) {
      id
      name
      body
      defaults
      variables
      updatedAt
    }
  }
`);

const Delete = graphql(`
  mutation ConsoleDeleteTemplate($input: DeleteTemplateInput!) {
    deleteTemplate(input: $input)
  }
`);

type Template = ConsoleTemplatesQuery['templates'][number];

/** A template's defaults as the strings they are (the API keeps string values only). */
export function defaultsOf(defaults: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(defaults ?? {}).map(([k, v]) => [k, String(v)]));
}

function VariableBadges({ names }: { names: string[] }) {
  if (names.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {names.map((name) => (
        <Badge key={name} variant="light" color="indigo" tt="none">
          {name}
        </Badge>
      ))}
    </Group>
  );
}

interface TemplateValues {
  name: string;
  body: string;
  defaults: { name: string; value: string }[];
}

function TemplateFormModal({
  template,
  onClose,
  onSaved,
}: {
  template: Template | undefined;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const [create, doCreate] = useMutation(Create);
  const [update, doUpdate] = useMutation(Update);
  const [problem, setProblem] = useState<Problem>();
  const form = useForm<TemplateValues>({
    initialValues: {
      name: template?.name ?? '',
      body: template?.body ?? '',
      defaults: Object.entries(defaultsOf(template?.defaults)).map(([name, value]) => ({ name, value })),
    },
    validate: {
      defaults: {
        name: (value, values) =>
          !value.trim()
            ? 'Name the variable'
            : values.defaults.filter((d) => d.name.trim() === value.trim()).length > 1
              ? 'Given twice'
              : null,
      },
    },
  });
  const values = form.getValues();
  const variables = templateVariables(values.body);
  const withoutDefault = variables.filter((v) => !values.defaults.some((d) => d.name.trim() === v));
  const fields = problem?.fields ?? {};
  const placed = (field: string) => field === 'name' || field === 'body';

  return (
    <FormModal title={template ? `Edit template ${template.name}` : 'New template'} onClose={onClose} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          const input = {
            name: v.name.trim(),
            body: v.body,
            defaults: Object.fromEntries(v.defaults.map((d) => [d.name.trim(), d.value])),
          };
          const result = template
            ? await doUpdate({ input: { id: template.id, ...input } })
            : await doCreate({ input });
          setProblem(problemOf(result.error));
          const saved =
            result.data && ('createTemplate' in result.data ? result.data.createTemplate : result.data.updateTemplate);
          if (saved) {
            notifyDone(`Template ${saved.name} saved`);
            onSaved(saved.id);
            onClose();
          }
        })}
      >
        <Stack>
          <FormProblem problem={problem} placed={placed} />
          <TextInput
            label="Name"
            required
            data-autofocus
            {...form.getInputProps('name')}
            error={fields.name ?? form.errors.name}
          />
          <div>
            <Textarea
              label="Text"
              description="Write {{name}} where a recipient's own value goes: a letter or _, then letters, digits, _ . or -"
              required
              autosize
              minRows={3}
              {...form.getInputProps('body')}
              error={fields.body ?? form.errors.body}
            />
            <Group gap="xs" mt={6}>
              <Text size="sm" c="dimmed">
                Variables:
              </Text>
              <VariableBadges names={variables} />
            </Group>
          </div>
          <Fieldset legend="Defaults (used when a send or a CSV row gives no value)">
            <Stack gap="xs">
              {values.defaults.length === 0 && (
                <Text size="sm" c="dimmed">
                  No defaults: every send must give every variable.
                </Text>
              )}
              {values.defaults.map((_, i) => (
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    label={i === 0 ? 'Variable' : undefined}
                    aria-label={`Variable of default ${i + 1}`}
                    placeholder="name"
                    style={{ flex: 1 }}
                    {...form.getInputProps(`defaults.${i}.name`)}
                  />
                  <TextInput
                    label={i === 0 ? 'Value' : undefined}
                    aria-label={`Value of default ${i + 1}`}
                    style={{ flex: 2 }}
                    {...form.getInputProps(`defaults.${i}.value`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    size={36}
                    aria-label={`Remove default ${i + 1}`}
                    onClick={() => form.removeListItem('defaults', i)}
                  >
                    <span aria-hidden>✕</span>
                  </ActionIcon>
                </Group>
              ))}
              {fields.defaults && (
                <Text c="var(--mantine-color-error)" size="sm" role="alert">
                  {fields.defaults}
                </Text>
              )}
              <Group gap="xs">
                <Button
                  variant="light"
                  size="compact-sm"
                  onClick={() => form.insertListItem('defaults', { name: withoutDefault[0] ?? '', value: '' })}
                >
                  {withoutDefault[0] ? `Add a default for ${withoutDefault[0]}` : 'Add a default'}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.fetching || update.fetching}>
              {template ? 'Save template' : 'Create template'}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

/** Sample values in, the text a send would carry out: the server's own rendering and count. */
function PreviewPanel({ template, onEdit }: { template: Template; onEdit?: () => void }) {
  const defaults = defaultsOf(template.defaults);
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [debounced] = useDebouncedValue(samples, 300);
  const variables = Object.fromEntries(Object.entries(debounced).filter(([, value]) => value !== ''));
  const [{ data, error, fetching }] = useQuery({
    query: Preview,
    variables: { id: template.id, input: { variables } },
  });
  const problem = problemOf(error);
  const preview = data?.templatePreview;
  return (
    <Paper withBorder p="md" component="section" aria-label={`Preview of ${template.name}`}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          Preview: {template.name}
        </Title>
        {onEdit && (
          <Button variant="default" size="compact-sm" onClick={onEdit}>
            Edit
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="xs">
          <Text size="sm">Sample values (empty: the default)</Text>
          {template.variables.length === 0 && (
            <Text size="sm" c="dimmed">
              This template has no variables: every recipient gets the same text.
            </Text>
          )}
          {template.variables.map((name) => (
            <TextInput
              key={name}
              label={name}
              placeholder={defaults[name] !== undefined ? `default: ${defaults[name]}` : 'no default'}
              value={samples[name] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setSamples((s) => ({ ...s, [name]: value }));
              }}
              error={problem?.fields[`variables.${name}`]}
            />
          ))}
        </Stack>
        <Stack gap="xs">
          <Text size="sm">The message</Text>
          {problem ? (
            <ProblemAlert problem={problem} title="Not renderable yet" />
          ) : (
            <>
              <Paper bg="var(--mantine-color-gray-0)" p="sm" radius="md" withBorder mih={80}>
                <Text
                  size="sm"
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  data-testid="template-preview-text"
                >
                  {preview?.body ?? (fetching ? '…' : '')}
                </Text>
              </Paper>
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="template-preview-count">
                {preview
                  ? `${preview.encoding} · ${preview.segments} segment${preview.segments === 1 ? '' : 's'} · ${[...preview.body].length} characters`
                  : ' '}
              </Text>
            </>
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

export default function TemplatesPage() {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: Templates });
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Template | 'new'>();
  const [deleting, setDeleting] = useState<Template>();
  const [deletion, remove] = useMutation(Delete);
  const [deleteProblem, setDeleteProblem] = useState<Problem>();
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const templates = data?.templates ?? [];
  const selectedId = params.get('template');
  const selected = templates.find((t) => t.id === selectedId);
  const select = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('template', id);
        else p.delete('template');
        return p;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Templates"
        actions={
          <Button onClick={() => setEditing('new')} aria-haspopup="dialog">
            New template
          </Button>
        }
      />
      <Stack>
        <Text size="sm" c="dimmed">
          A template is a text with {'{{variables}}'} that sends and campaigns fill in per recipient; a variable left
          empty takes the template&apos;s default. Choose a template to preview it with sample values.
        </Text>
        {error && !data && <ProblemAlert problem={problemOf(error)} title="The templates could not be loaded" />}
        {!data && fetching && <Loader aria-label="Loading templates" />}
        {data && templates.length === 0 && <Text c="dimmed">No templates yet.</Text>}
        {templates.length > 0 && (
          <TableScroll label="Templates" minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Text</Table.Th>
                  <Table.Th>Variables</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {templates.map((t) => (
                  <Table.Tr
                    key={t.id}
                    data-template={t.name}
                    bg={t.id === selectedId ? 'var(--mantine-color-indigo-0)' : undefined}
                  >
                    <Table.Td maw={220}>
                      <UnstyledButton
                        onClick={() => select(t.id === selectedId ? null : t.id)}
                        aria-expanded={t.id === selectedId}
                        aria-label={`${t.name}: preview`}
                        style={{ overflowWrap: 'anywhere', textDecoration: 'underline' }}
                        c="indigo.8"
                        fz="sm"
                        fw={600}
                      >
                        {t.name}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td maw={380}>
                      <Text size="sm" lineClamp={2} title={t.body} style={{ overflowWrap: 'anywhere' }}>
                        {t.body}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <VariableBadges names={t.variables} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatTime(t.updatedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button
                          variant="default"
                          size="compact-sm"
                          aria-label={`Edit ${t.name}`}
                          onClick={() => setEditing(t)}
                        >
                          Edit
                        </Button>
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          aria-label={`Delete ${t.name}`}
                          onClick={() => {
                            setDeleteProblem(undefined);
                            setDeleting(t);
                          }}
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
        {selected && (
          <PreviewPanel
            key={`${selected.id}-${selected.updatedAt}`}
            template={selected}
            onEdit={() => setEditing(selected)}
          />
        )}
      </Stack>
      {editing && (
        <TemplateFormModal
          template={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(id) => {
            refresh();
            select(id);
          }}
        />
      )}
      {deleting && (
        <ConfirmModal
          title={`Delete template ${deleting.name}?`}
          confirmLabel="Delete"
          busy={deletion.fetching}
          problem={deleteProblem}
          onClose={() => setDeleting(undefined)}
          onConfirm={() => {
            void remove({ input: { id: deleting.id } }).then((result) => {
              setDeleteProblem(problemOf(result.error));
              if (result.data?.deleteTemplate) {
                notifyDone(`Template ${deleting.name} deleted`);
                if (deleting.id === selectedId) select(null);
                setDeleting(undefined);
                refresh();
              }
            });
          }}
        >
          Sends that name it are refused from now on. Campaigns made from it keep their own copy of the text.
        </ConfirmModal>
      )}
    </>
  );
}
