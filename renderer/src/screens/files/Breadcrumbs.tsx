/** Where the user is: each folder from "All files" down is a link; the current one is marked. */
import { routeHref } from '../../app/routes';
import { folderTrail } from './paths';

export function Breadcrumbs({ folder }: { folder: string }) {
  const trail = folderTrail(folder);
  return (
    <nav aria-label="Folder" className="files-breadcrumbs">
      <ol>
        {trail.map((step, index) => (
          <li key={step.path}>
            {index === trail.length - 1 ? (
              <span aria-current="page">{step.name}</span>
            ) : (
              <a href={routeHref('files', step.path)}>{step.name}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
