import * as z from 'zod/mini';
import './zod-english';

/**
 * What a DPO may change in the notice to the people affected before it is sent, and what they may not. Art. 34(2)
 * requires the notice to describe in clear and plain language the nature of the breach and to give at least the
 * contact point (Art. 33(3)(b)), the likely consequences ((c)) and the measures taken or proposed, including those to
 * mitigate its effects ((d)). So each of those sections can be reworded but never emptied, the advice on what people
 * can do may be rewritten, and the contact details and the right to complain (taken from the policy) are not
 * editable at all. Paragraphs are separated by a blank line; a line starting with "- " is a list item.
 */

/** The editable sections, in the order the notice gives them, with the requirement each one carries. */
export const NOTICE_WORDING_SECTIONS = {
  whatHappened: { heading: 'What happened', requires: 'Art. 34(2): the nature of the breach' },
  consequences: { heading: 'What this could mean for you', requires: 'Art. 33(3)(c): the likely consequences' },
  whatWeDid: { heading: 'What we have done', requires: 'Art. 33(3)(d): the measures taken or proposed' },
  whatYouCanDo: { heading: 'What you can do', requires: 'Art. 34(2), clear advice: what people can do themselves' },
} as const;
export type NoticeWordingSection = keyof typeof NOTICE_WORDING_SECTIONS;

const required = (what: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(20, `${what} is required in the notice: reword it, but do not leave it out`),
      z.maxLength(5000),
    );

export const noticeWordingSchema = z.strictObject({
  whatHappened: z.optional(required(NOTICE_WORDING_SECTIONS.whatHappened.requires)),
  consequences: z.optional(required(NOTICE_WORDING_SECTIONS.consequences.requires)),
  whatWeDid: z.optional(required(NOTICE_WORDING_SECTIONS.whatWeDid.requires)),
  whatYouCanDo: z.optional(required(NOTICE_WORDING_SECTIONS.whatYouCanDo.requires)),
});
export type NoticeWording = z.output<typeof noticeWordingSchema>;

/** A section's text as the preview's text area shows it: paragraphs, then list items each on a "- " line. */
export const sectionText = (section: { paragraphs: readonly string[]; list?: readonly string[] }): string =>
  [...section.paragraphs, ...(section.list ?? []).map((item) => `- ${item}`)].join('\n\n');

/** The text back into paragraphs and list items. */
export const sectionFromText = (text: string): { paragraphs: string[]; list?: string[] } => {
  const blocks = text
    .split(/\r?\n\s*\r?\n|\r?\n(?=- )/)
    .map((block) => block.trim().replace(/\s*\r?\n\s*/g, ' '))
    .filter((block) => block.length > 0);
  const list = blocks.filter((block) => block.startsWith('- ')).map((block) => block.slice(2).trim());
  const paragraphs = blocks.filter((block) => !block.startsWith('- '));
  return { paragraphs, ...(list.length > 0 ? { list } : {}) };
};
