import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'tertiary' | 'danger';

const BASE =
  'inline-flex min-h-11 items-center justify-center gap-2 rounded-8 px-4 py-2 text-std-16B-170 leading-130 cursor-pointer disabled:cursor-not-allowed disabled:opacity-60';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-blue-900 text-white border-2 border-blue-900 hover:bg-blue-1000 hover:border-blue-1000 underline-offset-2 hover:underline',
  secondary: 'bg-white text-blue-900 border-2 border-blue-900 hover:bg-blue-50 hover:text-blue-1000 hover:underline underline-offset-2',
  tertiary: 'bg-transparent text-blue-900 border-2 border-transparent underline underline-offset-3 hover:decoration-[3px] hover:text-blue-1000 px-2',
  danger: 'bg-white text-red-900 border-2 border-red-900 hover:bg-red-50 hover:underline underline-offset-2',
};

export function buttonClass(variant: Variant = 'primary', extra = ''): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`;
}

export function Button({ variant = 'primary', className = '', type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />;
}

/**
 * The "edit" button of one row of a list: names the row for screen readers (編集：大嶺地区社協),
 * says whether its form is open, and points at that form.
 */
export function EditButton({ label, subject, open, controls, className = 'min-h-9 py-0 whitespace-nowrap', ...rest }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> & {
  label: string;
  subject: string;
  open: boolean;
  controls?: string;
}) {
  return (
    <Button variant="tertiary" className={className} aria-label={`${label}：${subject}`} aria-expanded={open} aria-controls={controls} {...rest}>
      {label}
    </Button>
  );
}
