import { describe, expect, it } from 'vitest';
import {
  checkboxes,
  dateTimeInput,
  errorSummary,
  fieldId,
  radios,
  textarea,
  textInput,
} from '../../../functions/pages/components';
import { html, multiline } from '../../../functions/pages/html';

describe('html', () => {
  it('escapes every interpolated string and keeps markup it made', () => {
    const name = '"><script>alert(1)</script>';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(html`<div>${html`<b>${'<i>'}</b>`}${[1, ' & ', 2]}${undefined}${false}</div>`.value).toBe(
      '<div><b>&lt;i&gt;</b>1 &amp; 2</div>',
    );
  });

  it('keeps line breaks of free text as <br>', () => {
    expect(multiline('a <b>\r\nc').value).toBe('a &lt;b&gt;<br>c');
  });
});

describe('components', () => {
  it('makes ids from field names', () => {
    expect(fieldId('decidedBy.name')).toBe('decidedBy-name');
    expect(fieldId('parties[0].party')).toBe('parties-0-party');
  });

  it('marks a text input in error and keeps its value', () => {
    const out = textInput({
      id: 'x',
      name: 'x',
      label: 'Name',
      hint: 'Hint',
      error: 'Enter a name',
      value: 'a"b',
    }).value;
    expect(out).toContain('govuk-form-group--error');
    expect(out).toContain(
      '<p id="x-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter a name</p>',
    );
    expect(out).toContain(
      'class="govuk-input govuk-input--error" id="x" name="x" type="text" value="a&quot;b" aria-describedby="x-hint x-error"',
    );
  });

  it('keeps a textarea’s text, leading newline included', () => {
    expect(textarea({ id: 't', name: 't', label: 'T', value: '\nsecond <line>' }).value).toContain(
      '<textarea class="govuk-textarea" id="t" name="t" rows="5">\n\nsecond &lt;line&gt;</textarea>',
    );
  });

  it('checks the chosen radio and gives later items numbered ids', () => {
    const out = radios({
      id: 'r',
      name: 'r',
      legend: 'Pick',
      value: 'b',
      items: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
      ],
    }).value;
    expect(out).toContain('id="r" name="r" type="radio" value="a">');
    expect(out).toContain('id="r-2" name="r" type="radio" value="b" checked>');
  });

  it('checks every chosen checkbox', () => {
    const out = checkboxes({
      id: 'c',
      name: 'c',
      legend: 'Pick',
      values: ['a', 'c'],
      items: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
        { value: 'c', text: 'C' },
      ],
    }).value;
    expect(out.match(/ checked/g)).toHaveLength(2);
    expect(out).toContain('class="govuk-checkboxes"');
  });

  it('names the date and time boxes and marks only the wrong ones', () => {
    const out = dateTimeInput({
      id: 'd',
      name: 'd',
      legend: 'When',
      error: 'Enter a year',
      errorParts: ['year'],
      values: { day: '3' },
    }).value;
    expect(out).toContain('id="d-day" name="d.day" type="text" inputmode="numeric" value="3"');
    expect(out).toContain('govuk-input--width-4 govuk-input--error" id="d-year"');
    expect(out).not.toContain('govuk-input--width-2 govuk-input--error" id="d-day"');
  });

  it('links error summary items to their fields', () => {
    const out = errorSummary([{ text: 'Enter <x>', href: '#a' }, { text: 'No field' }]).value;
    expect(out).toContain('<li><a href="#a">Enter &lt;x&gt;</a></li><li>No field</li>');
    expect(out).toContain('role="alert"');
  });
});
