import { defineRule } from '../../src/engine/rule.js';
import { composeOf, isDevComposeFile } from '../../src/analysis/compose.js';
import { parseImageRef } from '../../src/analysis/images.js';

const SOCKET = /^\/*(?:var\/)?run\/docker\.sock$/;

export default defineRule({
  meta: {
    id: 'compose/docker-socket',
    priority: 'P0',
    category: 'security',
    kinds: ['compose'],
    messages: {
      socket: {
        en: 'Service `{{service}}` mounts the Docker socket (`{{source}}`): whoever controls this container controls the host.',
        zh: '服务 `{{service}}` 挂载了 Docker 套接字（`{{source}}`）：谁控制了这个容器，谁就控制了宿主机。',
      },
    },
    docs: {
      en: {
        title: 'Docker socket mounted into a container',
        why: 'The Docker API can start a privileged container with the host\'s filesystem mounted; a read-only bind mount does not limit the API calls made over the socket.',
        risk: 'Any vulnerability in the service (or its dependencies) is a root shell on the host and access to every other container and its secrets.',
        fix: 'Remove the mount. If a tool needs container discovery (Traefik, monitoring), put a filtering proxy such as `tecnativa/docker-socket-proxy` in front and allow only the read endpoints it needs.',
      },
      zh: {
        title: '容器挂载了 Docker 套接字',
        why: '通过 Docker API 可以启动挂载宿主机根文件系统的特权容器；只读挂载并不能限制经由套接字发出的 API 调用。',
        risk: '该服务（或其依赖）的任何漏洞都等于宿主机 root 权限，并能访问其他所有容器及其密钥。',
        fix: '去掉该挂载。若工具需要发现容器（Traefik、监控），在前面放置 `tecnativa/docker-socket-proxy` 之类的过滤代理，只开放所需的只读接口。',
      },
    },
    examples: {
      bad: 'services:\n  agent:\n    image: myorg/agent:1.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock',
      good: 'services:\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy:0.2\n    environment: {CONTAINERS: 1}\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro',
    },
    refs: ['https://docs.docker.com/engine/security/#docker-daemon-attack-surface', 'https://github.com/Tecnativa/docker-socket-proxy'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      compose(file) {
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const dev = isDevComposeFile(file.path);
        for (const service of project.services) {
          const image = service.image ? parseImageRef(service.image.value) : undefined;
          for (const volume of service.volumes) {
            if (!volume.source || !SOCKET.test(volume.source)) continue;
            const grade = image?.name === 'docker-socket-proxy'
              ? { priority: 'P2' as const, reason: 'a socket proxy, which exists to filter the Docker API for other services' }
              : dev
                ? { priority: 'P2' as const, reason: 'a development compose file, not meant for servers' }
                : volume.readOnly
                  ? { priority: 'P1' as const, reason: 'mounted read-only, which signals read-only use but does not restrict the API' }
                  : {};
            ctx.report({
              messageId: 'socket',
              data: { service: service.name, source: volume.source },
              evidence: [{ path: volume.path, line: volume.line, column: volume.column }],
              key: service.name,
              ...grade,
            });
          }
        }
      },
    };
  },
});
