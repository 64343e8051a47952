import { notFound } from 'next/navigation';
import { SharedAnswer } from '@/components/accounts/shared-answer';
import { SharedSources } from '@/components/accounts/shared-sources';
import { StaticAnswerMarkdown } from '@/components/chat/markdown';
import { sharedChat } from '@/lib/access/shared';

/** A chat shared read-only by its link: the questions, the answers and their sources. */
export default async function SharedChatPage({ params }: { params: Promise<{ token: string }> }) {
  const chat = await sharedChat((await params).token);
  if (!chat) notFound();
  return (
    <div className="min-h-dvh overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        <header className="space-y-1 border-b pb-4">
          <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
            Shared from Folio · read-only
          </p>
          <h1 className="text-xl font-semibold">{chat.title}</h1>
        </header>
        {chat.messages.map((message) =>
          message.role === 'user' ? (
            <div key={message.id} className="flex justify-end" data-role="user">
              <div className="max-w-[85%] rounded-2xl bg-muted px-4 py-2 whitespace-pre-wrap">
                {message.content}
              </div>
            </div>
          ) : (
            <article key={message.id} className="space-y-3" data-role="assistant">
              <SharedAnswer messageId={message.id} sources={message.sources}>
                <StaticAnswerMarkdown text={message.content} sourceCount={message.sources.length} />
              </SharedAnswer>
              <SharedSources messageId={message.id} sources={message.sources} />
            </article>
          ),
        )}
      </div>
    </div>
  );
}
