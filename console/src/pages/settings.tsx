import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from 'urql';
import { PageHeader, ProblemAlert } from '../components/page';
import { graphql } from '../gql';
import type { ConsoleAccountSettingsQuery } from '../gql/graphql';
import { useCan } from '../lib/me';
import { problemOf } from '../lib/problem';

const Settings = graphql(`
  query ConsoleAccountSettings {
    accountSettings {
      stickyRecipients
      keywordReplies {
        stop
        start
        help
      }
      allowedCountries
    }
  }
`);

const Update = graphql(`
  mutation ConsoleUpdateAccountSettings($input: UpdateAccountSettingsInput!) {
    updateAccountSettings(input: $input) {
      stickyRecipients
      keywordReplies {
        stop
        start
        help
      }
      allowedCountries
    }
  }
`);

type AccountSettings = ConsoleAccountSettingsQuery['accountSettings'];

const KEYWORDS = [
  { key: 'stop', word: 'STOP', what: 'when someone opts out' },
  { key: 'start', word: 'START', what: 'when someone opts back in' },
  { key: 'help', word: 'HELP', what: 'when someone asks for help' },
] as const;

const STICKY = 'The same recipient always hears from the same phone while that phone is healthy.';
/** The API's limit (KEYWORD_REPLY_MAX_LENGTH); the counter only informs, the API decides. */
const MAX_REPLY = 320;

interface Values {
  stickyRecipients: boolean;
  stop: string;
  start: string;
  help: string;
  allowedCountries: string;
}

/** "de, AT ch" → ["DE", "AT", "CH"]: the API checks each code. */
function countryList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

function SettingsForm({ settings, canEdit }: { settings: AccountSettings; canEdit: boolean }) {
  const [{ fetching, error }, update] = useMutation(Update);
  const form = useForm<Values>({
    initialValues: {
      stickyRecipients: settings.stickyRecipients,
      stop: settings.keywordReplies?.stop ?? '',
      start: settings.keywordReplies?.start ?? '',
      help: settings.keywordReplies?.help ?? '',
      allowedCountries: settings.allowedCountries.join(', '),
    },
  });
  const problem = problemOf(error);

  return (
    <form
      onSubmit={form.onSubmit(async (values) => {
        // Sent as typed (the API judges blank or overlong text); an empty box puts the default back.
        const reply = (text: string) => (text === '' ? null : text);
        const result = await update({
          input: {
            stickyRecipients: values.stickyRecipients,
            keywordReplies: { stop: reply(values.stop), start: reply(values.start), help: reply(values.help) },
            allowedCountries: countryList(values.allowedCountries),
          },
        });
        if (result.data)
          notifications.show({
            color: 'green',
            title: 'Saved',
            message: 'The settings are changed.',
          });
      })}
    >
      <Stack maw={720}>
        {!canEdit && (
          <Alert color="blue" title="Read only">
            Only an owner or admin of the account can change these settings.
          </Alert>
        )}
        <ProblemAlert problem={problem} title="Not saved" />
        <Paper withBorder p="md">
          <Stack>
            <Title order={3}>Routing</Title>
            {canEdit ? (
              <Switch
                label="Sticky recipients"
                description={STICKY}
                {...form.getInputProps('stickyRecipients', { type: 'checkbox' })}
                error={problem?.fields.stickyRecipients ?? form.errors.stickyRecipients}
              />
            ) : (
              // A disabled switch is too faint to read whether it is on; say it in words.
              <div>
                <Text fw={500}>Sticky recipients: {settings.stickyRecipients ? 'on' : 'off'}</Text>
                <Text size="xs" c="dimmed">
                  {STICKY}
                </Text>
              </div>
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack>
            <Title order={3}>Destinations</Title>
            <TextInput
              label="Allowed countries"
              description="Two-letter country codes, such as DE, AT, CH. Sends to other countries are refused. Empty: every country. The gateway also refuses premium-rate and shared-cost numbers."
              placeholder="Every country"
              readOnly={!canEdit}
              {...form.getInputProps('allowedCountries')}
              error={
                Object.entries(problem?.fields ?? {}).find(([field]) => field.startsWith('allowedCountries'))?.[1] ??
                form.errors.allowedCountries
              }
            />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack>
            <Title order={3}>Keyword replies</Title>
            <Text size="sm" c="dimmed">
              The answer a phone sends back to STOP, START and HELP. Empty: the built-in text.
            </Text>
            {KEYWORDS.map(({ key, word, what }) => (
              <Textarea
                key={key}
                label={`Reply to ${word}`}
                description={`Sent ${what} · ${form.values[key].length} of ${MAX_REPLY} characters`}
                placeholder="The built-in text"
                autosize
                minRows={2}
                readOnly={!canEdit}
                {...form.getInputProps(key)}
                error={problem?.fields[`keywordReplies.${key}`] ?? form.errors[key]}
              />
            ))}
          </Stack>
        </Paper>
        {canEdit && (
          <Group>
            <Button type="submit" loading={fetching}>
              Save settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export default function SettingsPage() {
  const canEdit = useCan('admin');
  const [{ data, error }] = useQuery({ query: Settings });
  const settings = data?.accountSettings;
  return (
    <>
      <PageHeader title="Settings" />
      {error && !settings && <ProblemAlert problem={problemOf(error)} title="The settings could not be loaded" />}
      {!settings && !error && (
        <Center h={200}>
          <Loader aria-label="Loading" />
        </Center>
      )}
      {/* New values from the server (after a save) start the form over from them. */}
      {settings && <SettingsForm key={JSON.stringify(settings)} settings={settings} canEdit={canEdit} />}
    </>
  );
}
