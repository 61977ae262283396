import { AdminApp } from './admin/AdminApp';
import { OperatorApp } from './operator/OperatorApp';
import { usePath } from './ui/router';

export function App() {
  const path = usePath();
  if (path === '/admin' || path.startsWith('/admin/')) return <AdminApp path={path} />;
  return <OperatorApp />;
}
