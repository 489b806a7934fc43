"""sanxiang ledger rotate-key | keys | checkpoint: operating the ledger's signing key and checkpoints.

docs/howto/rotate-ledger-key.md is the procedure these commands implement.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.ledger.keys import (
    key_path,
    known_verifier_keys,
    retired_keys_path,
    rotate_signing_key,
)
from sanxiang.ledger.services import checkpoint_publish

NO_KEY = "尚无签名密钥（{path} 不存在），无需轮换：首次签发检查点时会自动生成"


class Command(BaseCommand):
    help = "防篡改日志：rotate-key 轮换签名密钥，keys 列出验证公钥，checkpoint 立即签发检查点"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "rotate-key",
            help="先用旧密钥签发最新检查点，再停用旧密钥（公钥记入已停用清单）并生成新密钥",
        )
        sub.add_parser("keys", help="列出当前及已停用的验证公钥（C2SP verifier key）")
        sub.add_parser("checkpoint", help="日志有增长时立即签发检查点，并输出最新检查点")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rotate-key":
            self._rotate()
        elif action == "keys":
            self._keys()
        else:
            self.stdout.write(checkpoint_publish().note, ending="")

    def _rotate(self) -> None:
        path = key_path()
        if not path.exists():
            raise CommandError(NO_KEY.format(path=path))
        # The log's newest state is signed by the old key first, so nothing recorded before the
        # rotation waits for the new key to be trusted.
        final = checkpoint_publish()
        rotation = rotate_signing_key()
        self.stdout.write(f"旧密钥最后签发的检查点：{final.size}")
        self.stdout.write(
            f"已停用的验证公钥（已记入 {retired_keys_path()}）：\n  {rotation.retired}"
        )
        self.stdout.write(f"新的验证公钥：\n  {rotation.current}")
        self.stdout.write(
            f"旧私钥已移至 {rotation.archived}（只读）。核验旧检查点只需上面的验证公钥："
            "请将旧私钥离线保存或销毁，并公布新的验证公钥及更换日期。"
        )

    def _keys(self) -> None:
        known = known_verifier_keys()
        for key in known.keys:
            self.stdout.write(f"{'retired' if key.retired else 'current'} {key.verifier}")
        for number, text in known.malformed:
            self.stderr.write(f"{retired_keys_path()} 第 {number} 行无效：{text}")
        if known.malformed:
            raise CommandError("已停用密钥清单中有无效的行")
