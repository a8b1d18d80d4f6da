import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Public } from '@/common/auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';

@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }
}
